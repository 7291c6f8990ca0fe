//! CloudFormation template loader.

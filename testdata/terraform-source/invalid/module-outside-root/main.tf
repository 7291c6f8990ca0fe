# The support role comes from a module of another part of the repository, outside the
# scanned directory.
module "support" {
  source = "../../../terraform/real/modules/modules/support-role"

  name               = "support"
  trusted_principals = ["*"]
}

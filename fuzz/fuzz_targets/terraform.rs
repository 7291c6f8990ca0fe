//! The Terraform loaders (`load_plan`, `load_state`) on arbitrary text: each must load or
//! return a positioned problem, never panic or hang.

#![no_main]

use libfuzzer_sys::fuzz_target;
use supportscan::load::terraform::{load_plan, load_state};
use supportscan::source::FileId;
use supportscan_fuzz::input_file;

fuzz_target!(|data: &[u8]| {
    let file = input_file(data, "plan.tfplan.json");
    let _ = load_plan(&file, FileId(0));
    let _ = load_state(&file, FileId(0));
});

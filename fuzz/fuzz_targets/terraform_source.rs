//! Terraform `.tf` source as the command reads it from a directory: the input is split on
//! NUL bytes into the root module's `main.tf` and `variables.tf`, a local module `./m`
//! (called from the root by a fixed `call.tf`), `terraform.tfvars` and a file in the JSON
//! syntax, `cdk.tf.json`, written to a
//! directory of this process, read and linked from there, then checked by the library's
//! pipeline and rendered in every format.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use supportscan::pipeline::{Prepared, Settings, prepare};
use supportscan::progress::Progress;
use supportscan::report::{Format, Styling};
use supportscan::scan::{ReadOptions, read_and_link_with_options};

/// Where the parts of the input go, in the order they are cut from it.
const PARTS: [&str; 5] = [
    "main.tf",
    "variables.tf",
    "m/main.tf",
    "terraform.tfvars",
    "cdk.tf.json",
];

/// The root module's call of the local module, so that the `./m` part is always used.
const CALL: &str = "module \"m\" {\n  source = \"./m\"\n}\n";

/// The rules, configuration and source root, prepared once for every input.
fn prepared() -> &'static Prepared {
    static PREPARED: OnceLock<Prepared> = OnceLock::new();
    PREPARED.get_or_init(|| {
        let settings = Settings {
            account_baseline: true,
            include_suppressed: true,
            ..Settings::default()
        };
        match prepare(&settings, &Progress::hidden()) {
            Ok(prepared) => prepared,
            Err(error) => panic!("the built-in rules cannot be prepared: {error}"),
        }
    })
}

/// This process's directory of `.tf` files, made once (with its module directory).
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("supportscan-fuzz-tf-{}", std::process::id()));
        if let Err(error) = std::fs::create_dir_all(root.join("m"))
            .and_then(|()| std::fs::write(root.join("call.tf"), CALL))
        {
            panic!("cannot make {}: {error}", root.display());
        }
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let root = root();
    let mut parts = data.splitn(PARTS.len(), |&byte| byte == 0);
    for name in PARTS {
        let path = root.join(name);
        let written = match parts.next() {
            Some(part) => std::fs::write(&path, part),
            // A part the input does not have is no file at all.
            None => match std::fs::remove_file(&path) {
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
                other => other,
            },
        };
        if let Err(error) = written {
            panic!("cannot write {}: {error}", path.display());
        }
    }
    let scan = read_and_link_with_options(
        &[root.to_path_buf()],
        &ReadOptions::default(),
        &Progress::hidden(),
    );
    let outcome = prepared().check(scan, &Progress::hidden());
    for format in Format::ALL {
        let _ = outcome.render(format, Styling::Plain, Some(60));
    }
});

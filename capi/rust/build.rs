// Copyright 2026 The rewardkit Authors.
// SPDX-License-Identifier: Apache-2.0
//
// Links librewardkit_c dynamically. Where it is found, first match wins:
//   1. RK_LIB_DIR, a directory holding librewardkit_c.so (a build tree's
//      build/capi, or an install's lib). An rpath to it is added to this
//      package's tests, examples and binaries, so they run without
//      LD_LIBRARY_PATH.
//   2. `pkg-config --libs-only-L rewardkit` (an installed rewardkit.pc), with
//      an rpath to its directories too.
//   3. The linker's default search path.
// The directory is also passed on to dependent packages' build scripts as
// DEP_REWARDKIT_C_LIB_DIR, so that they can add their own rpath.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RK_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_LIBDIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG");

    let target_os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let rpath_ok = target_os != "windows";

    match env::var_os("RK_LIB_DIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if !dir.is_dir() {
                println!(
                    "cargo:warning=RK_LIB_DIR={} is not a directory; linking will likely fail",
                    dir.display()
                );
            }
            let dir = dir.canonicalize().unwrap_or(dir);
            println!("cargo:rustc-link-search=native={}", dir.display());
            if rpath_ok {
                println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
            }
            println!("cargo:lib_dir={}", dir.display());
        }
        None => {
            let dirs = pkg_config_lib_dirs();
            if dirs.is_empty() {
                println!(
                    "cargo:warning=librewardkit_c: RK_LIB_DIR is not set and pkg-config does not \
                     know rewardkit; trying the linker's default search path"
                );
            }
            for dir in dirs {
                println!("cargo:rustc-link-search=native={dir}");
                if rpath_ok {
                    println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
                }
                println!("cargo:lib_dir={dir}");
            }
        }
    }

    println!("cargo:rustc-link-lib=dylib=rewardkit_c");
}

/// The -L directories of `pkg-config --libs-only-L rewardkit`, or none when
/// pkg-config or the package is missing.
fn pkg_config_lib_dirs() -> Vec<String> {
    let pkg_config = env::var("PKG_CONFIG").unwrap_or_else(|_| "pkg-config".to_string());
    let output = match Command::new(pkg_config)
        .args(["--libs-only-L", "rewardkit"])
        .output()
    {
        Ok(output) if output.status.success() => output,
        _ => return Vec::new(),
    };
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .filter_map(|flag| flag.strip_prefix("-L"))
        .filter(|dir| !dir.is_empty())
        .map(str::to_string)
        .collect()
}

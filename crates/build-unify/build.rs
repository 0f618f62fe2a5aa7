//! Empty: cargo resolves `[build-dependencies]` (here, the proc-macro features to unify) only for
//! a package with a build script.
fn main() {}

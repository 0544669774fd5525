//! Typed Rust SDK for cloud compute APIs, generated from the YAML specs in `spec/`.
//!
//! Each service version is a module behind its own cargo feature:
//!
//! <!-- @generated begin: service table (cargo xtask codegen writes it from spec/) -->
//! | module | feature | API |
//! |---|---|---|
//! | `cvm::v20170312` | `cvm` | Tencent Cloud Cloud Virtual Machine (CVM), version `2017-03-12` |
//! | `cvm_legacy` | `cvm-legacy` | Tencent Cloud CVM legacy API (v2), version `-` |
//! | `ecm::v20190719` | `ecm` | Tencent Cloud Edge Computing Machine (ECM), version `2019-07-19` |
//! | `qingcloud` | `qingcloud` | QingCloud IaaS, version `1` |
//! | `sts::v20180813` | `sts` | Tencent Cloud Security Token Service (STS), version `2018-08-13` |
//! <!-- @generated end: service table -->
//!
//! Every action has a request struct with a builder (`build()` checks required params and documented
//! bounds before any network traffic), a response struct whose fields are all optional and decoded
//! leniently, and an error enum with the action's documented codes, the common codes and a catch-all.
//! The shared behaviour (encoding, decoding, errors) lives in [`runtime`].
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod runtime;

pub use runtime::{ActionError, Config, Credentials, ErrorCode, SdkError, ServiceError};

// The service modules, each behind its feature: generated from spec/ (src/services.rs).
include!("services.rs");

/// The codegen snapshot fixture, compiled here so that its output is proven to build and pass its
/// own protocol tests (tests only; not part of the API).
#[cfg(feature = "codegen-fixture")]
#[doc(hidden)]
#[path = "../../codegen/tests/snapshots/src/demo/mod.rs"]
#[rustfmt::skip]
pub mod demo;

/// The README's code blocks, compiled as doctests so the documented usage stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

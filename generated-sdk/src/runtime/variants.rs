//! The bodies of `Clone`, `PartialEq`, `Debug` and `ServiceError::meta` of every generated error
//! enum, written once. Derived impls would each match every variant of every action's enum (four
//! matches per enum, hundreds of arms in large actions); instead a generated enum has one match,
//! [`Variants::parts`] (and [`FromIndex::from_index`] to build one back); the rest is compiled once
//! ([`View`]) or is a few generic lines ([`clone`]). Behaviour equals the derives:
//! `Debug` prints `Variant(ServiceErrorMeta { .. })`, equality needs the same variant and metadata.

use std::fmt;

use super::ServiceErrorMeta;

/// What one value of a generated error enum is: a variant holding metadata (its name, its index
/// in the type's code table or `usize::MAX` for the catch-all, and the metadata), or the `Common`
/// variant holding the service's common error.
pub enum Parts<'a, E: Variants> {
    /// `Name(meta)`: own codes and `Unhandled`.
    Meta(&'static str, usize, &'a ServiceErrorMeta),
    /// `Common(common)`.
    Common(&'a E::Common),
}

/// A generated error enum, seen through its one match.
pub trait Variants: Sized {
    /// The service's common error type held by `Common`, or [`NoCommon`].
    type Common: Variants + Clone;

    /// The variant `self` is, with what it holds.
    fn parts(&self) -> Parts<'_, Self>;

    /// `Self::Common(common)`.
    fn wrap_common(common: Self::Common) -> Self;

    /// The variant's name(s) and metadata, without the type: what equality, `Debug` and
    /// `ServiceError::meta` need (their code is then compiled once, not once per enum).
    fn view(&self) -> View<'_> {
        match self.parts() {
            Parts::Meta(variant, _, meta) => View {
                variant,
                inner: None,
                meta,
            },
            Parts::Common(common) => {
                let inner = common.view();
                View {
                    variant: "Common",
                    inner: Some(inner.variant),
                    meta: inner.meta,
                }
            }
        }
    }
}

/// A generated error enum (not [`NoCommon`]) built from a code's index.
pub trait FromIndex: Variants {
    /// The variant of the code at `index` in the type's code table (`CODES`) holding `meta`; the
    /// catch-all for any other index.
    fn from_index(index: usize, meta: ServiceErrorMeta) -> Self;
}

/// An error enum's value without its type: `Variant(meta)` or `Common(Inner(meta))`.
#[derive(PartialEq)]
pub struct View<'a> {
    variant: &'static str,
    inner: Option<&'static str>,
    meta: &'a ServiceErrorMeta,
}

impl<'a> View<'a> {
    /// `ServiceError::meta`.
    pub fn meta(&self) -> &'a ServiceErrorMeta {
        self.meta
    }
}

/// As derived: `Variant(ServiceErrorMeta { .. })`, `Common(Inner(ServiceErrorMeta { .. }))`.
impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.inner {
            None => f.debug_tuple(self.variant).field(self.meta).finish(),
            Some(inner) => {
                let inner = View {
                    variant: inner,
                    inner: None,
                    meta: self.meta,
                };
                f.debug_tuple(self.variant).field(&inner).finish()
            }
        }
    }
}

/// The `Common` type of error enums without one: it has no values.
#[derive(Debug, Clone, PartialEq)]
pub enum NoCommon {}

impl Variants for NoCommon {
    type Common = NoCommon;

    fn parts(&self) -> Parts<'_, Self> {
        match *self {}
    }

    fn wrap_common(common: NoCommon) -> Self {
        common
    }
}

/// `Clone::clone`: the same variant holding a copy.
pub fn clone<E: FromIndex>(error: &E) -> E {
    match error.parts() {
        Parts::Meta(_, index, meta) => E::from_index(index, meta.clone()),
        Parts::Common(common) => E::wrap_common(common.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ServiceError, ServiceErrorMeta};

    /// A service's common errors and one action's, as generated.
    #[non_exhaustive]
    pub enum CommonError {
        AuthFailure(ServiceErrorMeta),
        InternalError(ServiceErrorMeta),
    }
    crate::__common_error!(CommonError, [0 "AuthFailure" => AuthFailure, 1 "InternalError" => InternalError]);

    crate::__service_error! {
        " An action's errors." RunError common(CommonError) {
            0 "InvalidZone" => InvalidZone " `InvalidZone`",
            1 "NoQuota" => NoQuota " `NoQuota`",
        }
    }

    /// The same shapes with derived impls: what the shared bodies must equal.
    mod derived {
        use super::ServiceErrorMeta;

        #[derive(Debug, Clone, PartialEq)]
        pub enum CommonError {
            AuthFailure(ServiceErrorMeta),
            #[allow(dead_code)]
            InternalError(ServiceErrorMeta),
        }

        #[derive(Debug, Clone, PartialEq)]
        pub enum RunError {
            InvalidZone(ServiceErrorMeta),
            #[allow(dead_code)]
            NoQuota(ServiceErrorMeta),
            Common(CommonError),
            Unhandled(ServiceErrorMeta),
        }
    }

    fn meta(code: &str) -> ServiceErrorMeta {
        ServiceErrorMeta::new(code, "the message", "req-1")
    }

    #[test]
    fn debug_clone_and_eq_behave_as_derived() {
        let cases = [
            (
                RunError::from(meta("InvalidZone")),
                derived::RunError::InvalidZone(meta("InvalidZone")),
            ),
            (
                RunError::from(meta("AuthFailure")),
                derived::RunError::Common(derived::CommonError::AuthFailure(meta("AuthFailure"))),
            ),
            (
                RunError::from(meta("Other")),
                derived::RunError::Unhandled(meta("Other")),
            ),
        ];
        for (error, derived) in &cases {
            assert_eq!(format!("{error:?}"), format!("{derived:?}"));
            assert_eq!(format!("{error:#?}"), format!("{derived:#?}"));
            let copy = error.clone();
            assert!(copy == *error);
            assert_eq!(format!("{copy:?}"), format!("{derived:?}"));
            assert_eq!(copy.meta(), error.meta());
        }
        for (i, (a, _)) in cases.iter().enumerate() {
            for (j, (b, _)) in cases.iter().enumerate() {
                assert_eq!(a == b, i == j, "{a:?} == {b:?}");
            }
        }
    }

    #[test]
    fn equality_needs_the_same_variant_and_metadata() {
        // Same metadata in different variants (a hand-built value): not equal, as derived.
        assert!(RunError::NoQuota(meta("X")) != RunError::InvalidZone(meta("X")));
        assert!(RunError::Unhandled(meta("X")) != RunError::InvalidZone(meta("X")));
        assert!(
            RunError::Common(CommonError::InternalError(meta("X")))
                != RunError::Common(CommonError::AuthFailure(meta("X")))
        );
        assert!(RunError::NoQuota(meta("X")) != RunError::NoQuota(meta("Y")));
        // A clone keeps the variant even when it does not match the code.
        let odd = RunError::NoQuota(meta("InvalidZone"));
        assert!(matches!(odd.clone(), RunError::NoQuota(m) if m.code() == "InvalidZone"));
        let odd = RunError::Common(CommonError::InternalError(meta("AuthFailure")));
        assert!(matches!(
            odd.clone(),
            RunError::Common(CommonError::InternalError(_))
        ));
    }
}

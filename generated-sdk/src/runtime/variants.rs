//! The bodies of `Clone`, `PartialEq`, `Debug`, `ServiceError` and `From<ServiceErrorMeta>` of
//! every generated error enum, written once. Derived impls would each match every variant of every
//! action's enum (four matches per enum, hundreds of arms in large actions); instead a generated
//! enum has one match, [`ErrorEnum::from_index`] (the variant of a code), and one match arm,
//! [`ErrorEnum::parts`] (what a value holds, as one or-pattern); which variant a value is, is found
//! by comparing [`std::mem::discriminant`]s with `from_index`'s, and its name is read from a table.
//! Behaviour equals the derives: `Debug` prints `Variant(ServiceErrorMeta { .. })`, equality needs
//! the same variant and metadata, a clone is the same variant.

use std::fmt;
use std::mem::discriminant;

use super::{classify_error, ErrorClass, ServiceErrorMeta};

/// What one value of a generated error enum holds: metadata (an own code's variant or the
/// catch-all), or the service's common error (the `Common` variant).
pub enum Parts<'a, E: ErrorEnum> {
    /// `Variant(meta)`: own codes and `Unhandled`.
    Meta(&'a ServiceErrorMeta),
    /// `Common(common)`.
    Common(&'a E::Common),
}

/// A generated error enum: its code table and the little the macros write per type.
pub trait ErrorEnum: Sized + 'static {
    /// The service's common error type held by `Common`, or [`NoCommon`].
    type Common: ErrorEnum + Clone;

    /// The type's own codes, sorted byte-wise (the runtime's binary search); code `CODES[i]` is
    /// the variant `from_index(i, ..)` builds.
    const CODES: &'static [&'static str];

    /// The name of the variant of each code of `CODES`.
    const NAMES: &'static [&'static str];

    /// What `self` holds (one or-pattern, not an arm per variant).
    fn parts(&self) -> Parts<'_, Self>;

    /// The variant of the code at `index` in `CODES` holding `meta`; the catch-all for any other
    /// index (types without one, the common error types, are only given indexes of `CODES`).
    fn from_index(index: usize, meta: ServiceErrorMeta) -> Self;

    /// `Self::Common(common)`.
    fn wrap_common(common: Self::Common) -> Self;
}

/// An error enum's value without its type: `Variant(meta)` or `Common(Inner(meta))`. Everything
/// but finding it is compiled once, not once per error type.
#[derive(PartialEq)]
pub struct View<'a> {
    /// The index in `CODES` of an own code's variant (`None`: the catch-all or `Common`).
    index: Option<usize>,
    variant: &'static str,
    inner: Option<&'static str>,
    meta: &'a ServiceErrorMeta,
}

impl<'a> View<'a> {
    /// The value's variant name(s) and metadata.
    ///
    /// Which variant a value is: values the SDK built hold their variant's code, so the code's
    /// index is tried first; a value built by hand may hold any metadata, so then every index is
    /// tried. Either way the answer is the variant `from_index` builds, compared by discriminant
    /// (no allocation: an empty `ServiceErrorMeta` holds empty strings). No closures here: each
    /// would be compiled once per error type.
    pub fn of<E: ErrorEnum>(error: &'a E) -> Self {
        let meta = match error.parts() {
            Parts::Meta(meta) => meta,
            Parts::Common(common) => {
                let inner = View::of(common);
                return View {
                    index: None,
                    variant: "Common",
                    inner: Some(inner.variant),
                    meta: inner.meta,
                };
            }
        };
        let target = discriminant(error);
        let first = match classify_error(meta, E::CODES, &[]) {
            ErrorClass::Own(index) => Some(index),
            _ => None,
        };
        let mut view = View {
            index: None,
            variant: "Unhandled",
            inner: None,
            meta,
        };
        for index in first.into_iter().chain(0..E::CODES.len()) {
            if discriminant(&E::from_index(index, ServiceErrorMeta::default())) == target {
                view.index = Some(index);
                view.variant = E::NAMES[index];
                break;
            }
        }
        view
    }
}

/// As derived: `Variant(ServiceErrorMeta { .. })`, `Common(Inner(ServiceErrorMeta { .. }))`.
impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.inner {
            None => f.debug_tuple(self.variant).field(self.meta).finish(),
            Some(inner) => {
                let inner = View {
                    index: None,
                    variant: inner,
                    inner: None,
                    meta: self.meta,
                };
                f.debug_tuple(self.variant).field(&inner).finish()
            }
        }
    }
}

/// `ServiceError::meta`: the metadata, also inside `Common`.
pub fn meta<E: ErrorEnum>(error: &E) -> &ServiceErrorMeta {
    match error.parts() {
        Parts::Meta(meta) => meta,
        Parts::Common(common) => self::meta(common),
    }
}

/// `Clone::clone`: the same variant holding a copy.
pub fn clone<E: ErrorEnum>(error: &E) -> E {
    match error.parts() {
        Parts::Meta(meta) => {
            let index = View::of(error).index.unwrap_or(usize::MAX);
            E::from_index(index, meta.clone())
        }
        Parts::Common(common) => E::wrap_common(common.clone()),
    }
}

/// `From<ServiceErrorMeta>`: the variant of the code (the runtime's table lookup), else the
/// common error's, else the catch-all.
pub fn from_meta<E: ErrorEnum>(meta: ServiceErrorMeta) -> E {
    match classify_error(&meta, E::CODES, <E::Common as ErrorEnum>::CODES) {
        ErrorClass::Own(index) => E::from_index(index, meta),
        ErrorClass::Common(index) => E::wrap_common(ErrorEnum::from_index(index, meta)),
        ErrorClass::Unhandled => E::from_index(usize::MAX, meta),
    }
}

/// The `Common` type of error enums without one: it has no values.
#[derive(Debug, Clone, PartialEq)]
pub enum NoCommon {}

impl ErrorEnum for NoCommon {
    type Common = NoCommon;
    const CODES: &'static [&'static str] = &[];
    const NAMES: &'static [&'static str] = &[];

    fn parts(&self) -> Parts<'_, Self> {
        match *self {}
    }

    fn from_index(_: usize, _: ServiceErrorMeta) -> Self {
        unreachable!("NoCommon has no codes, so the runtime never looks one up")
    }

    fn wrap_common(common: NoCommon) -> Self {
        common
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

    /// `Debug` (also `{:#?}`) as derived, and a clone equal to the value and printing the same.
    fn behaves_as_derived(error: &RunError, derived: &derived::RunError) {
        assert_eq!(format!("{error:?}"), format!("{derived:?}"));
        assert_eq!(format!("{error:#?}"), format!("{derived:#?}"));
        let copy = error.clone();
        assert!(copy == *error);
        assert_eq!(format!("{copy:?}"), format!("{derived:?}"));
        assert_eq!(copy.meta(), error.meta());
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
            behaves_as_derived(error, derived);
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

    /// Values built by hand may hold any metadata: the variant is still the one named, cloned
    /// and compared (found by discriminant, not by the code it holds).
    #[test]
    fn hand_built_values_keep_their_variant() {
        let cases = [
            (
                RunError::NoQuota(meta("InvalidZone")),
                derived::RunError::NoQuota(meta("InvalidZone")),
            ),
            (
                RunError::Unhandled(meta("NoQuota")),
                derived::RunError::Unhandled(meta("NoQuota")),
            ),
            (
                RunError::InvalidZone(meta("")),
                derived::RunError::InvalidZone(meta("")),
            ),
            (
                RunError::Common(CommonError::InternalError(meta("NoQuota"))),
                derived::RunError::Common(derived::CommonError::InternalError(meta("NoQuota"))),
            ),
        ];
        for (error, derived) in &cases {
            behaves_as_derived(error, derived);
        }
        assert!(matches!(cases[1].0.clone(), RunError::Unhandled(_)));
    }

    crate::__service_error! {
        " Errors of a service without common codes." PlainError {
            0 "Busy" => Busy " `Busy`",
        }
    }

    crate::__service_error! {
        " Errors of an action that documents no codes." BareError common(CommonError) {}
    }

    #[test]
    fn an_enum_without_own_codes_has_common_and_the_catch_all() {
        for code in ["Other", "AuthFailure", ""] {
            let error = BareError::from(meta(code));
            let copy = error.clone();
            assert!(copy == error);
            assert_eq!(format!("{copy:?}"), format!("{error:?}"));
            assert_eq!(error.code(), code);
        }
        assert!(matches!(
            BareError::from(meta("Other")),
            BareError::Unhandled(_)
        ));
        assert_eq!(
            format!("{:?}", BareError::from(meta("AuthFailure"))),
            format!("Common(AuthFailure({:?}))", meta("AuthFailure"))
        );
    }

    #[test]
    fn an_enum_without_common_codes_has_its_own_and_the_catch_all() {
        // The code table, also as an inherent const (no trait import needed).
        assert_eq!(PlainError::CODES, ["Busy"]);
        assert_eq!(RunError::CODES, ["InvalidZone", "NoQuota"]);
        let busy = PlainError::from(meta("Busy"));
        assert!(matches!(&busy, PlainError::Busy(m) if m.code() == "Busy"));
        assert_eq!(
            format!("{:?}", busy.clone()),
            format!("Busy({:?})", meta("Busy"))
        );
        // A code that is common elsewhere is unhandled here.
        let other = PlainError::from(meta("AuthFailure"));
        assert!(matches!(&other, PlainError::Unhandled(_)));
        assert_eq!(other.code(), "AuthFailure");
        assert!(other != busy);
        assert!(other.clone() == other);
    }
}

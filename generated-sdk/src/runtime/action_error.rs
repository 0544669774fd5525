//! The error type of every action: [`ActionError`], over the action's [`ErrorCode`] enum and its
//! service's common one.
//!
//! Each generated action has a fieldless `…ErrorCode` enum of its documented codes, and its
//! `…Error` type is an alias of `ActionError<ThatCode, CommonErrorCode>`. The code enums carry
//! tables only (code, variant name, every value); the lookup of a code, `Clone`, `PartialEq`,
//! `Debug`, `Display` and [`ServiceError`] are written here once. A generated enum whose variants
//! each held the metadata needed two matches with an arm per code for every action, the largest
//! share of the generated crate's compile time and memory.

use std::fmt;

use super::{classify_error, ErrorClass, ServiceError, ServiceErrorMeta};

/// A fieldless enum of error codes: an action's documented codes (`RunInstancesErrorCode`) or a
/// service's common codes (`CommonErrorCode`). `Copy`, comparable, and printed (`{:?}`) as the
/// variant's name.
pub trait ErrorCode: Copy + Eq + fmt::Debug + Send + Sync + 'static {
    /// The wire codes, sorted byte-wise (the runtime's binary search); `CODES[i]` is the code of
    /// `ALL[i]`.
    #[doc(hidden)]
    const CODES: &'static [&'static str];

    /// Every value, in `CODES` order.
    #[doc(hidden)]
    const ALL: &'static [Self];

    /// The variant name of each value, in `CODES` order.
    #[doc(hidden)]
    const NAMES: &'static [&'static str];

    /// The code as the service sends it, e.g. `InvalidZone.MismatchRegion`.
    fn as_str(self) -> &'static str {
        index(self)
            .and_then(|index| Self::CODES.get(index))
            .map_or("", |code| code)
    }

    /// The value of a wire code (exactly as documented), if this enum has it.
    fn from_code(code: &str) -> Option<Self> {
        let index = Self::CODES.binary_search(&code).ok()?;
        Self::ALL.get(index).copied()
    }
}

/// Where `code` sits in its tables (generated enums list every value in `ALL`). The derived
/// `PartialEq` of a fieldless enum compares discriminants, so this is a short scan with no
/// generated code per enum.
fn index<K: ErrorCode>(code: K) -> Option<usize> {
    K::ALL.iter().position(|value| *value == code)
}

/// `Debug` of a generated code enum: the variant's name, as derived.
#[doc(hidden)]
pub fn debug_code<K: ErrorCode>(code: K, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let name = index(code).and_then(|index| K::NAMES.get(index));
    f.write_str(name.map_or("", |name| name))
}

/// The common codes of services that have none: no values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoCommon {}

impl ErrorCode for NoCommon {
    const CODES: &'static [&'static str] = &[];
    const ALL: &'static [Self] = &[];
    const NAMES: &'static [&'static str] = &[];
}

/// A service error of one action: one of its own documented codes, one of its service's common
/// codes, or any other code. Every variant keeps the code, message and request id as sent
/// ([`ServiceError`] reads them from any variant).
///
/// Each action's `…Error` is an alias of this type, so its variants are named through the alias:
///
/// ```
/// use generated_sdk::cvm::v20170312 as cvm;
/// use generated_sdk::runtime::ServiceErrorMeta;
///
/// fn advice(error: &cvm::RunInstancesError) -> &'static str {
///     match error {
///         cvm::RunInstancesError::Code(cvm::RunInstancesErrorCode::InstancesQuotaLimitExceeded, _) => {
///             "raise the quota"
///         }
///         cvm::RunInstancesError::Common(cvm::CommonErrorCode::RequestLimitExceeded, _) => "slow down",
///         _ => "see the error's code and message",
///     }
/// }
///
/// let error = cvm::RunInstancesError::from(ServiceErrorMeta::new(
///     "InstancesQuotaLimitExceeded",
///     "quota exceeded",
///     "req-1",
/// ));
/// assert_eq!(advice(&error), "raise the quota");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub enum ActionError<K: ErrorCode, C: ErrorCode = NoCommon> {
    /// One of the action's own documented codes.
    Code(K, ServiceErrorMeta),
    /// One of the service's common codes (one the action does not document itself).
    Common(C, ServiceErrorMeta),
    /// A code this SDK does not document for this action; code, message and request id are kept.
    Unhandled(ServiceErrorMeta),
}

impl<K: ErrorCode, C: ErrorCode> ActionError<K, C> {
    /// The action's own code, when it is one.
    pub fn own_code(&self) -> Option<K> {
        match self {
            Self::Code(code, _) => Some(*code),
            _ => None,
        }
    }

    /// The service's common code, when it is one.
    pub fn common_code(&self) -> Option<C> {
        match self {
            Self::Common(code, _) => Some(*code),
            _ => None,
        }
    }
}

impl<K: ErrorCode, C: ErrorCode> ServiceError for ActionError<K, C> {
    fn meta(&self) -> &ServiceErrorMeta {
        match self {
            Self::Code(_, meta) | Self::Common(_, meta) | Self::Unhandled(meta) => meta,
        }
    }
}

/// The code's value in the action's own codes, else in the service's common codes (also by
/// numeric code, and a sub-code by its common family: `AuthFailure.SignatureExpire` is an
/// `AuthFailure`), else `Unhandled`.
impl<K: ErrorCode, C: ErrorCode> From<ServiceErrorMeta> for ActionError<K, C> {
    fn from(meta: ServiceErrorMeta) -> Self {
        match classify_error(&meta, K::CODES, C::CODES) {
            ErrorClass::Own(index) => match K::ALL.get(index) {
                Some(code) => Self::Code(*code, meta),
                None => Self::Unhandled(meta),
            },
            ErrorClass::Common(index) => match C::ALL.get(index) {
                Some(code) => Self::Common(*code, meta),
                None => Self::Unhandled(meta),
            },
            ErrorClass::Unhandled => Self::Unhandled(meta),
        }
    }
}

/// As derived: `Code(InvalidZone, ServiceErrorMeta { .. })`.
impl<K: ErrorCode, C: ErrorCode> fmt::Debug for ActionError<K, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Code(code, meta) => f.debug_tuple("Code").field(code).field(meta).finish(),
            Self::Common(code, meta) => f.debug_tuple("Common").field(code).field(meta).finish(),
            Self::Unhandled(meta) => f.debug_tuple("Unhandled").field(meta).finish(),
        }
    }
}

/// The service's code and message, with the request id (as [`ServiceErrorMeta`] prints).
impl<K: ErrorCode, C: ErrorCode> fmt::Display for ActionError<K, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.meta(), f)
    }
}

impl<K: ErrorCode, C: ErrorCode> std::error::Error for ActionError<K, C> {}

#[cfg(test)]
mod tests {
    use super::{ActionError, ErrorCode, NoCommon};
    use crate::runtime::{ServiceError, ServiceErrorMeta};

    crate::__error_code! {
        " A service's common codes.", CommonErrorCode {
            "AuthFailure" => AuthFailure " `AuthFailure`",
            "InternalError" => InternalError " `InternalError`",
            "RequestLimitExceeded" => RequestLimitExceeded " `RequestLimitExceeded`",
        }
    }

    crate::__error_code! {
        " An action's codes.", RunErrorCode {
            "InvalidZone" => InvalidZone " `InvalidZone`",
            "NoQuota" => NoQuota " `NoQuota`",
            "RequestLimitExceeded.UinLimitExceeded" => RequestLimitExceededUinLimitExceeded " sub-code",
        }
    }

    type RunError = ActionError<RunErrorCode, CommonErrorCode>;

    fn meta(code: &str) -> ServiceErrorMeta {
        ServiceErrorMeta::new(code, "the message", "req-1")
    }

    #[test]
    fn a_code_falls_to_its_own_variant_then_the_common_one_then_the_catch_all() {
        let cases = [
            (
                "NoQuota",
                RunError::Code(RunErrorCode::NoQuota, meta("NoQuota")),
            ),
            (
                "AuthFailure",
                RunError::Common(CommonErrorCode::AuthFailure, meta("AuthFailure")),
            ),
            // A sub-code of a common family the action does not document is that family.
            (
                "AuthFailure.SignatureExpire",
                RunError::Common(
                    CommonErrorCode::AuthFailure,
                    meta("AuthFailure.SignatureExpire"),
                ),
            ),
            // One the action documents itself is its own.
            (
                "RequestLimitExceeded.UinLimitExceeded",
                RunError::Code(
                    RunErrorCode::RequestLimitExceededUinLimitExceeded,
                    meta("RequestLimitExceeded.UinLimitExceeded"),
                ),
            ),
            ("Other", RunError::Unhandled(meta("Other"))),
            ("", RunError::Unhandled(meta(""))),
        ];
        for (code, expected) in cases {
            let error = RunError::from(meta(code));
            assert_eq!(error, expected, "{code}");
            assert_eq!(error.code(), code);
            assert_eq!(error.message(), "the message");
            assert_eq!(error.request_id(), "req-1");
        }
    }

    #[test]
    fn debug_names_the_variant_and_the_code() {
        assert_eq!(format!("{:?}", RunErrorCode::NoQuota), "NoQuota");
        assert_eq!(
            format!("{:?}", CommonErrorCode::RequestLimitExceeded),
            "RequestLimitExceeded"
        );
        let m = meta("NoQuota");
        assert_eq!(
            format!("{:?}", RunError::from(m.clone())),
            format!("Code(NoQuota, {m:?})")
        );
        assert!(format!("{:#?}", RunError::from(meta("AuthFailure")))
            .starts_with("Common(\n    AuthFailure,\n    ServiceErrorMeta {"));
        assert_eq!(
            format!("{:?}", RunError::from(meta("Other"))),
            format!("Unhandled({:?})", meta("Other"))
        );
    }

    #[test]
    fn display_is_the_service_message() {
        let error = RunError::from(meta("NoQuota"));
        assert_eq!(error.to_string(), meta("NoQuota").to_string());
    }

    #[test]
    fn equality_needs_the_same_variant_code_and_metadata() {
        let a = RunError::Code(RunErrorCode::NoQuota, meta("X"));
        assert_eq!(a.clone(), a);
        assert_ne!(a, RunError::Code(RunErrorCode::InvalidZone, meta("X")));
        assert_ne!(a, RunError::Code(RunErrorCode::NoQuota, meta("Y")));
        assert_ne!(a, RunError::Unhandled(meta("X")));
        // A hand-built value keeps the code it was given, whatever its metadata says.
        let odd = RunError::Code(RunErrorCode::NoQuota, meta("InvalidZone"));
        assert_eq!(odd.clone().own_code(), Some(RunErrorCode::NoQuota));
        assert_eq!(odd.common_code(), None);
        assert_eq!(
            RunError::from(meta("InternalError")).common_code(),
            Some(CommonErrorCode::InternalError)
        );
    }

    #[test]
    fn codes_convert_to_and_from_the_wire() {
        for (i, code) in RunErrorCode::ALL.iter().enumerate() {
            assert_eq!(code.as_str(), RunErrorCode::CODES[i]);
            assert_eq!(RunErrorCode::from_code(code.as_str()), Some(*code));
        }
        assert_eq!(
            RunErrorCode::RequestLimitExceededUinLimitExceeded.as_str(),
            "RequestLimitExceeded.UinLimitExceeded"
        );
        assert_eq!(RunErrorCode::from_code("AuthFailure"), None);
        assert_eq!(NoCommon::from_code("AuthFailure"), None);
    }

    crate::__error_code! {
        " A service without common codes: an action's codes.", PlainErrorCode {
            "Busy" => Busy " `Busy`",
        }
    }

    crate::__error_code! {
        " An action that documents no codes.", BareErrorCode {}
    }

    #[test]
    fn enums_without_common_or_own_codes_keep_the_rest() {
        type PlainError = ActionError<PlainErrorCode>;
        let busy = PlainError::from(meta("Busy"));
        assert_eq!(busy, PlainError::Code(PlainErrorCode::Busy, meta("Busy")));
        // A code that is common elsewhere is unhandled here.
        let other = PlainError::from(meta("AuthFailure"));
        assert_eq!(other, PlainError::Unhandled(meta("AuthFailure")));
        assert_eq!(other.code(), "AuthFailure");

        type BareError = ActionError<BareErrorCode, CommonErrorCode>;
        assert_eq!(
            BareError::from(meta("AuthFailure")),
            BareError::Common(CommonErrorCode::AuthFailure, meta("AuthFailure"))
        );
        assert_eq!(
            BareError::from(meta("Busy")),
            BareError::Unhandled(meta("Busy"))
        );
    }

    /// Errors of different actions handled by one generic function.
    #[test]
    fn any_action_error_is_a_service_error() {
        fn summary(error: &dyn ServiceError) -> String {
            format!(
                "{} {} {}",
                error.code(),
                error.is_throttling(),
                error.request_id()
            )
        }
        let run = RunError::from(meta("RequestLimitExceeded"));
        let plain = ActionError::<PlainErrorCode>::from(meta("Busy"));
        assert_eq!(summary(&run), "RequestLimitExceeded true req-1");
        assert_eq!(summary(&plain), "Busy false req-1");
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(run);
        assert!(boxed.to_string().contains("RequestLimitExceeded"));
    }
}

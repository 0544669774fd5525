//! Errors of building, sending and decoding requests.

use std::fmt;

/// A request or data type could not be built: a required field is missing or a value is out of range.
/// Raised by `build()`, before any network traffic.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A required field was not set.
    #[error("{structure}: missing required field `{field}`")]
    MissingField {
        /// The struct being built, e.g. `RunInstancesRequest`.
        structure: &'static str,
        /// The field's wire name, e.g. `Placement`.
        field: &'static str,
    },
    /// A value lies outside its documented range.
    #[error("{structure}: `{field}` is {value}, outside the documented range {}", range(*.min, *.max))]
    OutOfRange {
        /// The struct being built.
        structure: &'static str,
        /// The field's wire name.
        field: &'static str,
        /// The rejected value.
        value: f64,
        /// Documented minimum.
        min: Option<f64>,
        /// Documented maximum.
        max: Option<f64>,
    },
    /// A string's length or an array's size lies outside its documented bounds.
    #[error("{structure}: `{field}` has {length} {unit}, outside the documented range {}", range(min.map(|m| m as f64), max.map(|m| m as f64)))]
    InvalidLength {
        /// The struct being built.
        structure: &'static str,
        /// The field's wire name.
        field: &'static str,
        /// The value's length (characters) or size (items).
        length: usize,
        /// `characters` or `items`.
        unit: &'static str,
        /// Documented minimum.
        min: Option<usize>,
        /// Documented maximum.
        max: Option<usize>,
    },
    /// A string holds characters its documentation does not allow (the value is not shown: it may
    /// be a secret).
    #[error("{structure}: `{field}` {reason}")]
    InvalidCharacters {
        /// The struct being built.
        structure: &'static str,
        /// The field's wire name.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// The action needs the Region common parameter and the client has none.
    #[error("{action}: the Region common parameter is required; set it with Config::region")]
    MissingRegion {
        /// The action.
        action: &'static str,
    },
    /// The endpoint override is not a URL.
    #[error("invalid endpoint {endpoint:?}: {reason}")]
    InvalidEndpoint {
        /// The configured endpoint.
        endpoint: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A value that travels in an HTTP header (region, language, endpoint host) holds characters a
    /// header cannot carry (CR, LF, other control or non-ASCII characters).
    #[error("`{field}` cannot be sent: {reason}")]
    InvalidHeaderValue {
        /// What holds the value, e.g. `Region`.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The request could not be encoded.
    #[error("{action}: cannot encode the request: {message}")]
    Encoding {
        /// The action.
        action: &'static str,
        /// The encoder's message.
        message: String,
    },
}

fn range(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("[{min}, {max}]"),
        (Some(min), None) => format!("[{min}, ..)"),
        (None, Some(max)) => format!("(.., {max}]"),
        (None, None) => "(unbounded)".to_owned(),
    }
}

impl BuildError {
    /// Checks that `value` can travel in an HTTP header: visible ASCII and spaces only.
    pub(crate) fn check_header_value(field: &'static str, value: &str) -> Result<(), BuildError> {
        match value.char_indices().find(|(_, c)| !(' '..='~').contains(c)) {
            None => Ok(()),
            Some((at, c)) => Err(BuildError::InvalidHeaderValue {
                field,
                reason: format!(
                    "character {c:?} at byte {at} is not allowed in an HTTP header (visible ASCII and spaces only)"
                ),
            }),
        }
    }

    pub(crate) fn encoding(action: &'static str, error: impl std::fmt::Display) -> Self {
        BuildError::Encoding {
            action,
            message: error.to_string(),
        }
    }

    /// Checks a string's length in characters against documented bounds (generated builders).
    pub fn check_length(
        structure: &'static str,
        field: &'static str,
        value: &str,
        min: Option<usize>,
        max: Option<usize>,
    ) -> Result<(), BuildError> {
        Self::check_count(
            structure,
            field,
            value.chars().count(),
            "characters",
            min,
            max,
        )
    }

    /// Checks an array's size against documented bounds (generated builders).
    pub fn check_items(
        structure: &'static str,
        field: &'static str,
        items: usize,
        min: Option<usize>,
        max: Option<usize>,
    ) -> Result<(), BuildError> {
        Self::check_count(structure, field, items, "items", min, max)
    }

    fn check_count(
        structure: &'static str,
        field: &'static str,
        length: usize,
        unit: &'static str,
        min: Option<usize>,
        max: Option<usize>,
    ) -> Result<(), BuildError> {
        if min.is_some_and(|m| length < m) || max.is_some_and(|m| length > m) {
            Err(BuildError::InvalidLength {
                structure,
                field,
                length,
                unit,
                min,
                max,
            })
        } else {
            Ok(())
        }
    }

    /// Checks that a string holds only printable ASCII, as documented for tokens and names
    /// (generated builders).
    pub fn check_ascii(
        structure: &'static str,
        field: &'static str,
        value: &str,
    ) -> Result<(), BuildError> {
        if value.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            Ok(())
        } else {
            Err(BuildError::InvalidCharacters {
                structure,
                field,
                reason: "must hold printable ASCII characters only",
            })
        }
    }

    /// Checks `value` against documented bounds (used by generated builders).
    pub fn check_range(
        structure: &'static str,
        field: &'static str,
        value: f64,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Result<(), BuildError> {
        let below = min.is_some_and(|m| value < m);
        let above = max.is_some_and(|m| value > m);
        if below || above {
            Err(BuildError::OutOfRange {
                structure,
                field,
                value,
                min,
                max,
            })
        } else {
            Ok(())
        }
    }
}

/// Code, message and request id of an error the service returned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceErrorMeta {
    code: String,
    message: String,
    request_id: String,
    numeric_code: Option<String>,
}

impl ServiceErrorMeta {
    /// An error as the service reported it.
    pub fn new(
        code: impl Into<String>,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        // A server's strings are bounded: an error must never grow with what a server sends.
        let bound = |s: String| {
            if s.len() > MAX_EXCERPT {
                bounded(&s)
            } else {
                s
            }
        };
        Self {
            code: bound(code.into()),
            message: bound(message.into()),
            request_id: bound(request_id.into()),
            numeric_code: None,
        }
    }

    /// Adds the numeric code of protocols that send one (legacy `code`, QingCloud `ret_code`).
    pub fn with_numeric_code(mut self, numeric_code: impl Into<String>) -> Self {
        self.numeric_code = Some(numeric_code.into());
        self
    }

    /// The numeric code (legacy `code`, QingCloud `ret_code`), when the protocol sends one.
    pub fn numeric_code(&self) -> Option<&str> {
        self.numeric_code.as_deref()
    }

    /// The error code, e.g. `InvalidZone.MismatchRegion`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The server's message (it may change over time; do not match on it).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The request id (empty when the service sent none).
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// Throttling (`RequestLimitExceeded`, its sub-codes) and internal errors (`InternalError`,
    /// `InternalServerError` and their sub-codes) may succeed when retried.
    ///
    /// For numeric codes: legacy 6000 (internal error), QingCloud 5000 (internal error) and 5100 (busy).
    pub fn is_retryable(&self) -> bool {
        let family = self.code.split('.').next().unwrap_or_default();
        matches!(
            family,
            "RequestLimitExceeded" | "InternalError" | "InternalServerError"
        ) || matches!(self.numeric_code.as_deref(), Some("5000" | "5100" | "6000"))
    }

    /// Whether this is throttling (`RequestLimitExceeded` or a sub-code).
    pub fn is_throttling(&self) -> bool {
        self.code.split('.').next() == Some("RequestLimitExceeded")
    }
}

impl fmt::Display for ServiceErrorMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if !self.request_id.is_empty() {
            write!(f, " (request id {})", self.request_id)?;
        }
        Ok(())
    }
}

/// What every service error has: every action's error type ([`ActionError`](super::ActionError))
/// implements it, so that errors of any action can be handled generically (see
/// [`SdkError::as_service_error`]); your own error types may implement it too.
pub trait ServiceError: std::error::Error + Send + Sync + 'static {
    /// Code, message and request id as the service sent them.
    fn meta(&self) -> &ServiceErrorMeta;

    /// The error code, e.g. `InvalidZone.MismatchRegion`.
    fn code(&self) -> &str {
        self.meta().code()
    }

    /// The server's message (it may change over time; do not match on it).
    fn message(&self) -> &str {
        self.meta().message()
    }

    /// The request id, for support (empty when the service sent none).
    fn request_id(&self) -> &str {
        self.meta().request_id()
    }

    /// Whether retrying the same request may succeed (throttling, internal errors).
    fn is_retryable(&self) -> bool {
        self.meta().is_retryable()
    }

    /// Whether this is throttling (`RequestLimitExceeded` or a sub-code).
    fn is_throttling(&self) -> bool {
        self.meta().is_throttling()
    }
}

/// Where a code falls in an action's error type: one of its own codes, one of the service's
/// common codes (indexes into the sorted code tables), or neither.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// `own[i]`.
    Own(usize),
    /// `common[i]`.
    Common(usize),
    /// Not documented for the action.
    Unhandled,
}

/// Classifies a service error against an action's own codes and its service's common codes (both
/// sorted byte-wise; numeric codes of the legacy and QingCloud protocols sit in the same tables):
/// the code itself, then the numeric code, then the code's family when that is a common code
/// (`AuthFailure.SignatureExpire` is an `AuthFailure`), each in the action's own codes first.
/// Compiled once for every action (the generated code holds only the tables).
#[doc(hidden)]
pub fn classify_error(meta: &ServiceErrorMeta, own: &[&str], common: &[&str]) -> ErrorClass {
    let find = |table: &[&str], code: &str| table.binary_search(&code).ok();
    let lookup = |code: &str| {
        find(own, code)
            .map(ErrorClass::Own)
            .or_else(|| find(common, code).map(ErrorClass::Common))
    };
    if let Some(class) = lookup(meta.code()) {
        return class;
    }
    if let Some(class) = meta.numeric_code().and_then(lookup) {
        return class;
    }
    match meta.code().split_once('.') {
        Some((family, _)) if find(common, family).is_some() => {
            lookup(family).unwrap_or(ErrorClass::Unhandled)
        }
        _ => ErrorClass::Unhandled,
    }
}

/// A response that could not be decoded: not JSON, truncated, or not the documented shape.
/// Made with [`DecodeError::new`]; the client adds the response's headers ([`DecodeError::headers`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not decode the response (HTTP {status}{}): {message}{}", request_id_suffix(.request_id), body_suffix(.body_start))]
#[non_exhaustive]
pub struct DecodeError {
    /// HTTP status of the response.
    pub status: u16,
    /// The request id, when the body carried one.
    pub request_id: Option<String>,
    /// What was wrong.
    pub message: String,
    /// The first characters of a non-JSON body (an HTML error page, say), for diagnosis; empty for
    /// JSON bodies, which may hold secrets.
    pub body_start: String,
    /// The response's headers (boxed: errors stay small).
    headers: Option<Box<http::HeaderMap>>,
}

fn request_id_suffix(request_id: &Option<String>) -> String {
    request_id
        .as_ref()
        .map(|id| format!(", request id {id}"))
        .unwrap_or_default()
}

fn body_suffix(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!("; body starts with {body:?}")
    }
}

/// Longest excerpt of a body, a message or a server string kept in an error (bytes, before escaping).
pub(crate) const MAX_EXCERPT: usize = 300;

/// The first [`MAX_EXCERPT`] bytes of `text` (cut at a character boundary), with `...` when cut.
pub(crate) fn bounded(text: &str) -> String {
    if text.len() <= MAX_EXCERPT {
        return text.to_owned();
    }
    let mut end = MAX_EXCERPT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes in all)", &text[..end], text.len())
}

/// `text` itself when short, else its bounded start: for logs, which must not grow with what a
/// server sends (a request id of 200 MB, say), without allocating on the common path.
pub(crate) fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    if text.len() <= MAX_EXCERPT {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(bounded(text))
    }
}

/// A JSON decoder's message without the values it quotes (a value may be a password or a private
/// key, or hundreds of megabytes): `invalid type: string "...", expected i64` keeps its shape with
/// the quoted text replaced by its length, and the result is bounded.
pub(crate) fn json_error_message(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let mut out = String::with_capacity(full.len().min(MAX_EXCERPT * 2));
    let mut rest = full.as_str();
    while let Some(open) = rest.find(['"', '`']) {
        out.push_str(&rest[..open]);
        let quote = &rest[open..=open];
        let after = &rest[open + 1..];
        // A quoted value ends at the last quote before the decoder's own words resume.
        let close = [", expected", " at line", ", "]
            .iter()
            .find_map(|tail| after.rfind(&format!("{quote}{tail}")))
            .or_else(|| after.rfind(quote));
        let Some(close) = close else {
            out.push_str("<value>");
            rest = "";
            break;
        };
        let quoted = &after[..close];
        // Field and variant names in backticks are the decoder's vocabulary and short: kept.
        if quote == "`" && quoted.len() <= 64 && !quoted.contains(['"', '`']) {
            out.push('`');
            out.push_str(quoted);
            out.push('`');
        } else {
            out.push_str(&format!("<{} bytes>", quoted.len()));
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    bounded(&out)
}

impl DecodeError {
    /// A decode error. Only the start of a non-JSON body is kept (a few hundred bytes, read
    /// from the body's first bytes, never a copy of the whole body), and the message is bounded.
    pub fn new(
        status: u16,
        request_id: Option<String>,
        message: impl Into<String>,
        body: &[u8],
    ) -> Self {
        let head = &body[..body.len().min(MAX_EXCERPT)];
        let text = String::from_utf8_lossy(head);
        // A JSON body may carry secrets (CreateKeyPair returns a private key): only non-JSON bodies
        // (an HTML error page, say) are quoted.
        let json = text.trim_start().starts_with(['{', '[']);
        let body_start = if json {
            String::new()
        } else {
            text.trim_end_matches('\u{fffd}').to_owned()
        };
        Self {
            status,
            request_id: request_id.map(|id| bounded(&id)),
            message: bounded(&message.into()),
            body_start,
            headers: None,
        }
    }

    /// The same error, with the headers of the response it came from.
    pub fn with_headers(mut self, headers: http::HeaderMap) -> Self {
        self.headers = Some(Box::new(headers));
        self
    }

    /// The headers of the response, as received (which gateway or proxy answered with an HTML
    /// page, say); `None` when the error was not made from a response.
    pub fn headers(&self) -> Option<&http::HeaderMap> {
        self.headers.as_deref()
    }

    /// A decode error from the JSON decoder, its quoted values removed (see [`DecodeError::new`]).
    pub(crate) fn json(
        status: u16,
        request_id: Option<String>,
        context: &str,
        error: &serde_json::Error,
        body: &[u8],
    ) -> Self {
        let message = format!("{context}: {}", json_error_message(error));
        Self::new(status, request_id, message, body)
    }
}

/// Everything a call can fail with; `E` is the action's error type (`ActionError`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SdkError<E: ServiceError> {
    /// The request was invalid and was not sent.
    #[error("invalid request: {0}")]
    Build(#[from] BuildError),
    /// The service answered with an error.
    #[error("service error: {0}")]
    Service(E),
    /// The response could not be decoded.
    #[error(transparent)]
    Decode(DecodeError),
    /// No credentials could be found.
    #[error(transparent)]
    Credentials(super::credentials::CredentialsError),
    /// No response: connection failure or timeout.
    #[error("transport: {0}")]
    Transport(super::transport::TransportError),
    /// The rate limiter could not hand out a slot (a shared limiter's store is down and its
    /// failure mode is to fail calls); the request was not sent.
    #[error(transparent)]
    RateLimit(super::rate_limit::RateLimitError),
}

impl<E: ServiceError> SdkError<E> {
    /// The service error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service error as the trait every action's error implements: code, message, request
    /// id and retryability, the same for every action.
    pub fn as_service_error(&self) -> Option<&dyn ServiceError> {
        self.service_error().map(|e| e as &dyn ServiceError)
    }

    /// The service's error code, if the service answered with an error.
    pub fn code(&self) -> Option<&str> {
        self.service_error().map(|e| e.meta().code())
    }

    /// The request id, when the service sent a response that carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(e) => Some(e.meta().request_id()),
            SdkError::Decode(d) => d.request_id.as_deref(),
            SdkError::Build(_)
            | SdkError::Credentials(_)
            | SdkError::Transport(_)
            | SdkError::RateLimit(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field() {
        let e = BuildError::MissingField {
            structure: "RunInstancesRequest",
            field: "Placement",
        };
        assert_eq!(
            e.to_string(),
            "RunInstancesRequest: missing required field `Placement`"
        );
        let e = BuildError::check_range(
            "RunInstancesRequest",
            "InstanceCount",
            101.0,
            Some(1.0),
            Some(100.0),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "RunInstancesRequest: `InstanceCount` is 101, outside the documented range [1, 100]"
        );
        assert!(BuildError::check_range("X", "Y", 100.0, Some(1.0), Some(100.0)).is_ok());
        let e = BuildError::check_length("R", "InstanceName", &"名".repeat(61), None, Some(60))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "R: `InstanceName` has 61 characters, outside the documented range (.., 60]"
        );
        assert!(
            BuildError::check_length("R", "InstanceName", &"名".repeat(60), None, Some(60)).is_ok()
        );
        let e = BuildError::check_items("R", "InstanceIds", 101, Some(1), Some(100)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "R: `InstanceIds` has 101 items, outside the documented range [1, 100]"
        );
        let e = BuildError::check_ascii("R", "ClientToken", "tökén").unwrap_err();
        assert!(!e.to_string().contains("tökén"), "{e}");
        assert!(BuildError::check_ascii("R", "ClientToken", "abc-123").is_ok());
    }

    #[test]
    fn meta_display_and_retry() {
        let m = ServiceErrorMeta::new(
            "RequestLimitExceeded.UinLimitExceeded",
            "slow down",
            "rid-1",
        );
        assert_eq!(
            m.to_string(),
            "RequestLimitExceeded.UinLimitExceeded: slow down (request id rid-1)"
        );
        assert!(m.is_retryable());
        assert!(m.is_throttling());
        assert!(!ServiceErrorMeta::new("InvalidParameter", "", "").is_retryable());
        assert!(ServiceErrorMeta::new("InternalServerError", "", "").is_retryable());
        assert!(!ServiceErrorMeta::new("InternalServerError", "", "").is_throttling());
    }

    #[test]
    fn codes_classify_own_first_then_common_then_family() {
        let own = ["InvalidParameterValue", "InvalidZone.MismatchRegion"];
        let common = [
            "AuthFailure",
            "InvalidParameterValue",
            "RequestLimitExceeded",
        ];
        let class =
            |code: &str| classify_error(&ServiceErrorMeta::new(code, "", ""), &own, &common);
        assert_eq!(class("InvalidZone.MismatchRegion"), ErrorClass::Own(1));
        assert_eq!(class("InvalidParameterValue"), ErrorClass::Own(0));
        assert_eq!(class("AuthFailure"), ErrorClass::Common(0));
        // A sub-code falls to its family when the family is a common code, own first.
        assert_eq!(class("AuthFailure.SignatureExpire"), ErrorClass::Common(0));
        assert_eq!(class("InvalidParameterValue.TooLong"), ErrorClass::Own(0));
        assert_eq!(class("InvalidZone.Other"), ErrorClass::Unhandled);
        assert_eq!(class("Unknown"), ErrorClass::Unhandled);
        // Numeric codes (legacy, QingCloud) are found through the numeric code.
        let meta = ServiceErrorMeta::new("InvalidParameter.Foo", "", "").with_numeric_code("4000");
        assert_eq!(classify_error(&meta, &["4000"], &[]), ErrorClass::Own(0));
        assert_eq!(classify_error(&meta, &[], &["4000"]), ErrorClass::Common(0));
    }

    #[test]
    fn decode_error_never_quotes_json_bodies() {
        let e = DecodeError::new(
            200,
            Some("rid".into()),
            "bad shape",
            br#"{"Response":{"KeyPair":{"PrivateKey":"-----BEGIN"}}}"#,
        );
        assert!(!e.to_string().contains("BEGIN"), "{e}");
        assert!(e.to_string().contains("request id rid"), "{e}");
    }

    #[test]
    fn json_errors_lose_their_values_and_stay_bounded() {
        let huge = "9".repeat(1_000) + "x";
        let body = format!(r#"{{"n": "{huge}", "p": "hunter2"}}"#);
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Probe {
            n: i64,
        }
        let err = serde_json::from_str::<Probe>(&body).unwrap_err();
        let message = json_error_message(&err);
        assert!(
            message.starts_with("invalid type: string <1001 bytes>, expected i64"),
            "{message}"
        );
        assert!(!message.contains("999"), "{message}");
        let e = DecodeError::json(200, Some("rid".into()), "bad shape", &err, body.as_bytes());
        assert!(e.to_string().len() < 2 * MAX_EXCERPT, "{e}");
        let meta = ServiceErrorMeta::new("Code", "m".repeat(10_000_000), "rid");
        assert!(meta.to_string().len() < 2 * MAX_EXCERPT);
    }

    #[test]
    fn decode_error_shows_status_and_body() {
        let e = DecodeError::new(502, None, "not JSON", b"<html>Bad Gateway</html>");
        assert_eq!(e.to_string(), "could not decode the response (HTTP 502): not JSON; body starts with \"<html>Bad Gateway</html>\"");
    }
}

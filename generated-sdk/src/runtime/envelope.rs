//! Response envelopes: the service's answer -> typed output or typed error.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::operation::ResponseFields;
use super::{DecodeError, Operation, OperationOutput, Protocol, SdkError, ServiceErrorMeta};

/// Decodes a response body of an action, per its service's protocol.
///
/// Every envelope is strict about its shape (a JSON object, the documented head fields) and lenient
/// about the rest (unknown fields are ignored; numbers as strings and "TRUE" are accepted).
pub fn decode<O: Operation>(status: u16, body: &[u8]) -> Result<O::Output, SdkError<O::Error>> {
    if !is_object(body) {
        return Err(SdkError::Decode(DecodeError::new(
            status,
            None,
            format!(
                "expected a JSON object ({})",
                O::METADATA.service.protocol.envelope_shape()
            ),
            body,
        )));
    }
    match O::METADATA.service.protocol {
        Protocol::TencentApi3 => decode_api3::<O>(status, body),
        Protocol::TencentLegacyV2 => decode_legacy::<O>(status, body),
        Protocol::Qingcloud => decode_qingcloud::<O>(status, body),
    }
}

/// Whether a JSON text is an object (its first non-blank byte is `{`); typed structs would also
/// accept arrays (serde maps sequences onto struct fields by position).
fn is_object(text: &[u8]) -> bool {
    text.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{')
}

#[derive(Deserialize)]
struct Api3Envelope<'a> {
    #[serde(rename = "Response", borrow)]
    response: &'a RawValue,
}

#[derive(Deserialize)]
struct Api3Head {
    #[serde(rename = "Error", default)]
    error: Option<Api3Error>,
    #[serde(rename = "RequestId", default, deserialize_with = "super::de::string")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct Api3Error {
    #[serde(rename = "Code", default, deserialize_with = "super::de::string")]
    code: Option<String>,
    #[serde(rename = "Message", default, deserialize_with = "super::de::string")]
    message: Option<String>,
}

/// API 3.0: `{"Response": {..., "RequestId"}}`, errors in `Response.Error.{Code, Message}`.
///
/// One typed pass over the body decodes the head (`Error`, `RequestId`) and every field of the
/// response at once. When that pass fails (a malformed body, a field that does not decode), the
/// body is decoded again in steps: the envelope, then the head, then the fields, so that a
/// service error still takes precedence over malformed fields and each failure keeps its message.
pub fn decode_api3<O: Operation>(
    status: u16,
    body: &[u8],
) -> Result<O::Output, SdkError<O::Error>> {
    match decode_api3_once::<O>(status, body) {
        Some(result) => result,
        None => decode_api3_in_steps::<O>(status, body),
    }
}

/// The one-pass decoding of an API 3.0 answer; `None` when the pass fails (the stepwise
/// decoding then says why) or cannot apply (a response with its own `Error` field or without a
/// `RequestId` one).
fn decode_api3_once<O: Operation>(
    status: u16,
    body: &[u8],
) -> Option<Result<O::Output, SdkError<O::Error>>> {
    let fields = <O::Output as ResponseFields>::FIELDS;
    if fields.binary_search(&"Error").is_ok() || fields.binary_search(&"RequestId").is_err() {
        return None;
    }
    // The stepwise decoding reads "Response" as a raw value, which must be UTF-8 throughout;
    // this pass skips unknown fields without looking at their text.
    let text = std::str::from_utf8(body).ok()?;
    let Api3Answer { output, error } = serde_json::from_str::<Api3Once<O::Output>>(text).ok()?.0;
    let request_id = output.request_id();
    if let Some(error) = error {
        return Some(Err(service_error::<O>(error, request_id.to_owned())));
    }
    if request_id.is_empty() {
        return Some(Err(SdkError::Decode(no_request_id(status, body))));
    }
    if !(200..300).contains(&status) {
        let error = status_without_error(status, request_id.to_owned(), body);
        return Some(Err(SdkError::Decode(error)));
    }
    Some(Ok(output))
}

/// The stepwise decoding of an API 3.0 answer: envelope, head, then fields.
fn decode_api3_in_steps<O: Operation>(
    status: u16,
    body: &[u8],
) -> Result<O::Output, SdkError<O::Error>> {
    let envelope: Api3Envelope<'_> = serde_json::from_slice(body).map_err(|e| {
        SdkError::Decode(DecodeError::json(
            status,
            None,
            "expected a {\"Response\": ...} JSON envelope",
            &e,
            body,
        ))
    })?;
    let raw = envelope.response.get();
    if !is_object(raw.as_bytes()) {
        return Err(SdkError::Decode(DecodeError::new(
            status,
            None,
            "\"Response\" is not a JSON object",
            body,
        )));
    }
    let head: Api3Head = serde_json::from_str(raw).map_err(|e| {
        SdkError::Decode(DecodeError::json(
            status,
            None,
            "malformed Response object",
            &e,
            body,
        ))
    })?;
    if let Some(error) = head.error {
        let request_id = head.request_id.unwrap_or_default();
        return Err(service_error::<O>(error, request_id));
    }
    let Some(request_id) = head.request_id.filter(|id| !id.is_empty()) else {
        return Err(SdkError::Decode(no_request_id(status, body)));
    };
    if !(200..300).contains(&status) {
        return Err(SdkError::Decode(status_without_error(
            status, request_id, body,
        )));
    }
    // The fields as the one pass decodes them: its `Error` is absent or null here (the head
    // pass would have returned it), so this decodes as the response type alone would.
    serde_json::from_str::<Api3Fields<O::Output>>(raw)
        .map(|fields| fields.0.output)
        .map_err(|e| {
            SdkError::Decode(DecodeError::json(
                status,
                Some(request_id),
                "unexpected response shape",
                &e,
                body,
            ))
        })
}

fn service_error<O: Operation>(error: Api3Error, request_id: String) -> SdkError<O::Error> {
    let meta = ServiceErrorMeta::new(
        error.code.unwrap_or_default(),
        error.message.unwrap_or_default(),
        request_id,
    );
    SdkError::Service(O::Error::from(meta))
}

fn no_request_id(status: u16, body: &[u8]) -> DecodeError {
    DecodeError::new(
        status,
        None,
        "the Response has neither an Error nor a RequestId",
        body,
    )
}

fn status_without_error(status: u16, request_id: String, body: &[u8]) -> DecodeError {
    let message = format!("HTTP status {status} without an error in the body");
    DecodeError::new(status, Some(request_id), message, body)
}

/// An API 3.0 answer decoded in one pass: the response's fields and its `Error`, if any.
struct Api3Answer<T> {
    output: T,
    error: Option<Api3Error>,
}

/// `{"Response": {...}}` in one pass (the other top-level fields skipped).
struct Api3Once<T>(Api3Answer<T>);

impl<'de, T: ResponseFields> Deserialize<'de> for Api3Once<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(Api3EnvelopeVisitor(PhantomData))
            .map(Api3Once)
    }
}

/// The `Response` object alone, decoded as in [`Api3Once`].
struct Api3Fields<T>(Api3Answer<T>);

impl<'de, T: ResponseFields> Deserialize<'de> for Api3Fields<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(Api3ResponseVisitor(PhantomData))
            .map(Api3Fields)
    }
}

struct Api3EnvelopeVisitor<T>(PhantomData<T>);

impl<'de, T: ResponseFields> Visitor<'de> for Api3EnvelopeVisitor<T> {
    type Value = Api3Answer<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a {\"Response\": ...} object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut answer = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == "Response" {
                if answer.is_some() {
                    return Err(de::Error::duplicate_field("Response"));
                }
                answer = Some(map.next_value_seed(Api3ResponseSeed(PhantomData))?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        answer.ok_or_else(|| de::Error::missing_field("Response"))
    }
}

struct Api3ResponseSeed<T>(PhantomData<T>);

impl<'de, T: ResponseFields> DeserializeSeed<'de> for Api3ResponseSeed<T> {
    type Value = Api3Answer<T>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(Api3ResponseVisitor(PhantomData))
    }
}

/// The `Response` object: `Error` into the head, every field of the response as the runtime's
/// struct decoder decodes it (absent fields default, unknown ones skipped, repeated ones refused).
struct Api3ResponseVisitor<T>(PhantomData<T>);

impl<'de, T: ResponseFields> Visitor<'de> for Api3ResponseVisitor<T> {
    type Value = Api3Answer<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut output = T::default();
        let mut seen = Seen::new(T::FIELDS.len());
        let mut error = None;
        let mut error_seen = false;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match T::FIELDS.binary_search(&key.as_ref()) {
                Ok(index) => {
                    if !seen.insert(index) {
                        return Err(de::Error::duplicate_field(T::FIELDS[index]));
                    }
                    output.decode_field(index, &mut map)?;
                }
                Err(_) if key == "Error" => {
                    if std::mem::replace(&mut error_seen, true) {
                        return Err(de::Error::duplicate_field("Error"));
                    }
                    error = map.next_value::<Option<Api3Error>>()?;
                }
                Err(_) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Api3Answer { output, error })
    }
}

/// Which fields a response has seen: a bit per field, on the stack for up to 128 fields.
enum Seen {
    Small(u128),
    Large(Vec<bool>),
}

impl Seen {
    fn new(fields: usize) -> Self {
        if fields <= 128 {
            Seen::Small(0)
        } else {
            Seen::Large(vec![false; fields])
        }
    }

    /// Marks `index`; false when it was already marked.
    fn insert(&mut self, index: usize) -> bool {
        match self {
            Seen::Small(bits) => {
                let bit = 1u128 << index;
                let new = *bits & bit == 0;
                *bits |= bit;
                new
            }
            Seen::Large(seen) => !std::mem::replace(&mut seen[index], true),
        }
    }
}

/// A map key, borrowed from the input when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[derive(Deserialize)]
struct LegacyHead {
    #[serde(default, deserialize_with = "super::de::integer")]
    code: Option<i64>,
    #[serde(default, deserialize_with = "super::de::string")]
    message: Option<String>,
    #[serde(rename = "codeDesc", default, deserialize_with = "super::de::string")]
    code_desc: Option<String>,
}

/// Legacy API (v2): `{"code": 0, "message": "ok", ...}`; `code != 0` is an error, named by `codeDesc`.
pub fn decode_legacy<O: Operation>(
    status: u16,
    body: &[u8],
) -> Result<O::Output, SdkError<O::Error>> {
    let head: LegacyHead = serde_json::from_slice(body).map_err(|e| {
        let context = "expected a {\"code\", \"message\"} JSON body";
        SdkError::Decode(DecodeError::json(status, None, context, &e, body))
    })?;
    let Some(code) = head.code else {
        return Err(SdkError::Decode(DecodeError::new(
            status,
            None,
            "the body has no \"code\"",
            body,
        )));
    };
    if code != 0 {
        let numeric = code.to_string();
        let name = head
            .code_desc
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| numeric.clone());
        let meta = ServiceErrorMeta::new(name, head.message.unwrap_or_default(), "")
            .with_numeric_code(numeric);
        return Err(SdkError::Service(O::Error::from(meta)));
    }
    decode_body::<O>(status, body)
}

#[derive(Deserialize)]
struct QingcloudHead {
    #[serde(default, deserialize_with = "super::de::string")]
    action: Option<String>,
    #[serde(default, deserialize_with = "super::de::integer")]
    ret_code: Option<i64>,
    #[serde(default, deserialize_with = "super::de::string")]
    message: Option<String>,
}

/// QingCloud: `{"action": "RunInstancesResponse", "ret_code": 0, ...}`; `ret_code != 0` is an error,
/// even with HTTP 200.
pub fn decode_qingcloud<O: Operation>(
    status: u16,
    body: &[u8],
) -> Result<O::Output, SdkError<O::Error>> {
    let head: QingcloudHead = serde_json::from_slice(body).map_err(|e| {
        let context = "expected a {\"ret_code\", ...} JSON body";
        SdkError::Decode(DecodeError::json(status, None, context, &e, body))
    })?;
    let Some(code) = head.ret_code else {
        return Err(SdkError::Decode(DecodeError::new(
            status,
            None,
            "the body has no \"ret_code\"",
            body,
        )));
    };
    if code != 0 {
        let numeric = code.to_string();
        let meta = ServiceErrorMeta::new(numeric.clone(), head.message.unwrap_or_default(), "")
            .with_numeric_code(numeric);
        return Err(SdkError::Service(O::Error::from(meta)));
    }
    // A success answers the action that was asked: `RunInstances` -> `RunInstancesResponse`.
    let asked = O::METADATA.action;
    let answered = head.action.unwrap_or_default();
    let matches = answered
        .strip_suffix("Response")
        .is_some_and(|name| name == asked);
    if !matches {
        let message = if answered.is_empty() {
            format!("the body has no \"action\" (expected \"{asked}Response\")")
        } else {
            format!(
                "the body answers action \"{}\", not \"{asked}Response\"",
                super::error::bounded(&answered)
            )
        };
        return Err(SdkError::Decode(DecodeError::new(
            status, None, message, body,
        )));
    }
    decode_body::<O>(status, body)
}

fn decode_body<O: Operation>(status: u16, body: &[u8]) -> Result<O::Output, SdkError<O::Error>> {
    if !(200..300).contains(&status) {
        let message = format!("HTTP status {status} without an error in the body");
        return Err(SdkError::Decode(DecodeError::new(
            status, None, message, body,
        )));
    }
    serde_json::from_slice(body).map_err(|e| {
        SdkError::Decode(DecodeError::json(
            status,
            None,
            "unexpected response shape",
            &e,
            body,
        ))
    })
}

#[cfg(all(test, feature = "cvm"))]
mod tests {
    use super::*;
    use crate::cvm::v20170312::DescribeInstancesRequest as Describe;

    /// The three passes of the decoding before the one pass existed, verbatim: envelope, head,
    /// then the response type's own `Deserialize`.
    fn decode_in_three_passes<O: Operation>(
        status: u16,
        body: &[u8],
    ) -> Result<O::Output, SdkError<O::Error>> {
        let envelope: Api3Envelope<'_> = serde_json::from_slice(body).map_err(|e| {
            SdkError::Decode(DecodeError::json(
                status,
                None,
                "expected a {\"Response\": ...} JSON envelope",
                &e,
                body,
            ))
        })?;
        let raw = envelope.response.get();
        if !is_object(raw.as_bytes()) {
            return Err(SdkError::Decode(DecodeError::new(
                status,
                None,
                "\"Response\" is not a JSON object",
                body,
            )));
        }
        let head: Api3Head = serde_json::from_str(raw).map_err(|e| {
            SdkError::Decode(DecodeError::json(
                status,
                None,
                "malformed Response object",
                &e,
                body,
            ))
        })?;
        if let Some(error) = head.error {
            let request_id = head.request_id.unwrap_or_default();
            let meta = ServiceErrorMeta::new(
                error.code.unwrap_or_default(),
                error.message.unwrap_or_default(),
                request_id,
            );
            return Err(SdkError::Service(O::Error::from(meta)));
        }
        let Some(request_id) = head.request_id.filter(|id| !id.is_empty()) else {
            return Err(SdkError::Decode(DecodeError::new(
                status,
                None,
                "the Response has neither an Error nor a RequestId",
                body,
            )));
        };
        if !(200..300).contains(&status) {
            let message = format!("HTTP status {status} without an error in the body");
            return Err(SdkError::Decode(DecodeError::new(
                status,
                Some(request_id),
                message,
                body,
            )));
        }
        serde_json::from_str(raw).map_err(|e| {
            SdkError::Decode(DecodeError::json(
                status,
                Some(request_id),
                "unexpected response shape",
                &e,
                body,
            ))
        })
    }

    /// The one pass decides every body exactly as the three passes did (same output, same error,
    /// same message), whether it applies or falls back to the steps.
    #[test]
    fn one_pass_agrees_with_the_steps() {
        let bodies: &[&[u8]] = &[
            br#"{"Response":{"TotalCount":1,"InstanceSet":[{"InstanceId":"ins-1","CPU":"2"}],"RequestId":"r-1"}}"#,
            br#"{"Response":{"RequestId":"r-1","Error":null,"TotalCount":"3"}}"#,
            br#"{"Other":[1,{"a":"b"}],"Response":{"Unknown":{"x":[1,2]},"RequestId":"r-1"},"More":null}"#,
            br#"{"Response":{"Request\u0049d":"r-escaped","Total\u0043ount":2}}"#,
            br#"{"Response":{"RequestId":12345}}"#,
            br#"{"Response":{"RequestId":null}}"#,
            br#"{"Response":{"RequestId":""}}"#,
            br#"{"Response":{"TotalCount":1}}"#,
            br#"{"Response":{"RequestId":{"id":1}}}"#,
            br#"{"Response":{"Error":{"Code":"InvalidParameter","Message":"bad"},"RequestId":"r-2"}}"#,
            br#"{"Response":{"Error":{"Code":"InternalError"}}}"#,
            br#"{"Response":{"Error":{"Code":"LimitExceeded","Message":"m"},"RequestId":"r-3","TotalCount":[1],"InstanceSet":"x"}}"#,
            br#"{"Response":{"InstanceSet":{"bad":1},"Error":{"Code":"AuthFailure"},"RequestId":"r-4"}}"#,
            br#"{"Response":{"Error":"x","RequestId":"r-5"}}"#,
            br#"{"Response":{"Error":["C","M"],"RequestId":"r-5"}}"#,
            br#"{"Response":{"Error":{"Code":1},"Error":{"Code":2},"RequestId":"r-6"}}"#,
            br#"{"Response":{"RequestId":"a","RequestId":"b"}}"#,
            br#"{"Response":{"RequestId":"a","TotalCount":1,"TotalCount":2}}"#,
            br#"{"Response":{"RequestId":"r","TotalCount":[1]}}"#,
            br#"{"Response":{"RequestId":"r","InstanceSet":[["ins-1"]]}}"#,
            br#"{"Response":{"RequestId":"r"},"Response":{"RequestId":"s"}}"#,
            br#"{"Response":{"RequestId":"r"}} trailing"#,
            br#"{"Response":{"RequestId":"r"}"#,
            br#"{"Response":[]}"#,
            br#"{"Response":"ok"}"#,
            br#"{"Response":null}"#,
            br#"{"response":{"RequestId":"r"}}"#,
            br#"{}"#,
            br#"  {"Response" : { "RequestId" : "r" } }  "#,
            b"{\"Response\":{\"RequestId\":\"r\",\"Unknown\":\"\xff\xfe\"}}",
            b"{\"Junk\":\"\xff\",\"Response\":{\"RequestId\":\"r\"}}",
            b"{\"Response\":{\"RequestId\":\"r\xc3\"}}",
        ];
        for body in bodies {
            for status in [200, 400, 500] {
                let before = format!("{:?}", decode_in_three_passes::<Describe>(status, body));
                let context = format!("HTTP {status} {}", String::from_utf8_lossy(body));
                let once = decode::<Describe>(status, body);
                assert_eq!(format!("{once:?}"), before, "{context}");
                let steps = decode_api3_in_steps::<Describe>(status, body);
                assert_eq!(format!("{steps:?}"), before, "{context}");
            }
        }
    }

    #[test]
    fn well_formed_answers_take_one_pass() {
        let success = br#"{"Response":{"TotalCount":1,"InstanceSet":[{"InstanceId":"ins-1"}],"RequestId":"r-1"}}"#;
        let output = decode_api3_once::<Describe>(200, success)
            .expect("one pass")
            .unwrap();
        assert_eq!(output.request_id, "r-1");
        assert_eq!(output.total_count, Some(1));
        let error = br#"{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r-2","TotalCount":[1]}}"#;
        // Malformed fields beside an error: the one pass gives up, the steps return the error.
        assert!(decode_api3_once::<Describe>(200, error).is_none());
        match decode::<Describe>(200, error) {
            Err(SdkError::Service(e)) => {
                assert_eq!(crate::runtime::ServiceError::meta(&e).request_id(), "r-2")
            }
            other => panic!("expected the service error, got {other:?}"),
        }
        let error =
            br#"{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r-2"}}"#;
        assert!(matches!(
            decode_api3_once::<Describe>(500, error),
            Some(Err(SdkError::Service(_)))
        ));
    }
}

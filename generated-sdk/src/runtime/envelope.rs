//! Response envelopes: the service's answer -> typed output or typed error.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{DecodeError, Operation, Protocol, SdkError, ServiceErrorMeta};

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
pub fn decode_api3<O: Operation>(
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

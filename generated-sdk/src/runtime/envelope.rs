//! Response envelopes: the service's answer -> typed output or typed error.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{DecodeError, Operation, Protocol, SdkError, ServiceErrorMeta};

/// Decodes a response body of an action, per its service's protocol.
pub fn decode<O: Operation>(status: u16, body: &[u8]) -> Result<O::Output, SdkError<O::Error>> {
    match O::METADATA.service.protocol {
        Protocol::TencentApi3 => decode_api3::<O>(status, body),
        Protocol::TencentLegacyV2 => decode_legacy::<O>(status, body),
        Protocol::Qingcloud => decode_qingcloud::<O>(status, body),
    }
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
        SdkError::Decode(DecodeError::new(
            status,
            None,
            format!("expected a {{\"Response\": ...}} JSON envelope: {e}"),
            body,
        ))
    })?;
    let raw = envelope.response.get();
    let head: Api3Head = serde_json::from_str(raw).map_err(|e| {
        SdkError::Decode(DecodeError::new(
            status,
            None,
            format!("malformed Response object: {e}"),
            body,
        ))
    })?;
    let request_id = head.request_id.unwrap_or_default();
    if let Some(error) = head.error {
        let meta = ServiceErrorMeta::new(
            error.code.unwrap_or_default(),
            error.message.unwrap_or_default(),
            request_id,
        );
        return Err(SdkError::Service(O::Error::from(meta)));
    }
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
        SdkError::Decode(DecodeError::new(
            status,
            Some(request_id),
            format!("unexpected response shape: {e}"),
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
        let message = format!("expected a {{\"code\", \"message\"}} JSON body: {e}");
        SdkError::Decode(DecodeError::new(status, None, message, body))
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
        let message = format!("expected a {{\"ret_code\", ...}} JSON body: {e}");
        SdkError::Decode(DecodeError::new(status, None, message, body))
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
        SdkError::Decode(DecodeError::new(
            status,
            None,
            format!("unexpected response shape: {e}"),
            body,
        ))
    })
}

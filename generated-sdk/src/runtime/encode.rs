//! Request encodings: the JSON body of TC3 requests and the flattened form of v1 / GET requests.

use serde::Serialize;
use serde_json::Value;

use super::Protocol;

/// How a protocol flattens arrays and booleans into form parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormStyle {
    /// First array index: 0 for Tencent (`Name.0`), 1 for QingCloud (`name.1`).
    pub index_base: usize,
    /// Booleans as `true`/`false` (Tencent API 3.0) or `1`/`0`.
    pub bool_as_int: bool,
}

impl FormStyle {
    /// The style a protocol uses.
    pub const fn of(protocol: Protocol) -> Self {
        match protocol {
            Protocol::TencentApi3 => FormStyle {
                index_base: 0,
                bool_as_int: false,
            },
            Protocol::TencentLegacyV2 => FormStyle {
                index_base: 0,
                bool_as_int: true,
            },
            Protocol::Qingcloud => FormStyle {
                index_base: 1,
                bool_as_int: true,
            },
        }
    }
}

/// The JSON body of a request (API 3.0 TC3).
pub fn to_json<T: Serialize>(request: &T) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec(request)
}

/// The flattened form parameters of a request: `Placement.Zone`, `DataDisks.0.DiskSize`,
/// `Filters.0.Values.1`, in key order.
pub fn to_form<T: Serialize>(
    request: &T,
    style: FormStyle,
) -> Result<Vec<(String, String)>, serde_json::Error> {
    let value = serde_json::to_value(request)?;
    let mut out = Vec::new();
    flatten_value(&value, &mut String::new(), style, &mut out);
    Ok(out)
}

/// Flattens an already built JSON value (non-generic: one copy for every request type).
pub fn flatten_value(
    value: &Value,
    prefix: &mut String,
    style: FormStyle,
    out: &mut Vec<(String, String)>,
) {
    match value {
        Value::Null => {}
        Value::Bool(b) => {
            let text = match (style.bool_as_int, b) {
                (true, true) => "1",
                (true, false) => "0",
                (false, true) => "true",
                (false, false) => "false",
            };
            out.push((prefix.clone(), text.to_owned()));
        }
        Value::Number(n) => out.push((prefix.clone(), n.to_string())),
        Value::String(s) => out.push((prefix.clone(), s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = prefix.len();
                if !prefix.is_empty() {
                    prefix.push('.');
                }
                prefix.push_str(itoa(i + style.index_base).as_str());
                flatten_value(item, prefix, style, out);
                prefix.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = prefix.len();
                if !prefix.is_empty() {
                    prefix.push('.');
                }
                prefix.push_str(key);
                flatten_value(item, prefix, style, out);
                prefix.truncate(len);
            }
        }
    }
}

fn itoa(n: usize) -> String {
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_nested_arrays_and_booleans() {
        let v = serde_json::json!({
            "Filters": [{"Name": "zone", "Values": ["a", "b"]}],
            "Placement": {"Zone": "z"},
            "DryRun": true,
            "Skip": null
        });
        let mut out = Vec::new();
        flatten_value(
            &v,
            &mut String::new(),
            FormStyle::of(Protocol::TencentApi3),
            &mut out,
        );
        let expected = [
            ("DryRun", "true"),
            ("Filters.0.Name", "zone"),
            ("Filters.0.Values.0", "a"),
            ("Filters.0.Values.1", "b"),
            ("Placement.Zone", "z"),
        ];
        assert_eq!(out, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
        let mut out = Vec::new();
        flatten_value(
            &serde_json::json!({"vxnets": ["v"], "f": false}),
            &mut String::new(),
            FormStyle::of(Protocol::Qingcloud),
            &mut out,
        );
        assert_eq!(
            out,
            [
                ("f".to_owned(), "0".to_owned()),
                ("vxnets.1".to_owned(), "v".to_owned())
            ]
        );
    }
}

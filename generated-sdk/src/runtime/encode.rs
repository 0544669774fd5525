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

/// The JSON body of a request (API 3.0 TC3): compact JSON, byte for byte what `serde_json::to_vec`
/// writes.
///
/// The generated request types (structs of strings, integers, booleans, floats, arrays and nested
/// structs) go through [`JsonWriter`], which appends to one buffer directly; anything it does not
/// write itself (a variant with data, a map with non-string keys, a `Serialize` impl that fails)
/// makes it give up, and `serde_json` encodes the request instead.
pub fn to_json<T: Serialize>(request: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut body = Vec::with_capacity(1024);
    if request.serialize(JsonWriter(&mut body)).is_ok() {
        return Ok(body);
    }
    body.clear();
    serde_json::to_writer(&mut body, request)?;
    Ok(body)
}

/// A compact JSON writer for the shapes requests have; see [`to_json`]. Strings without characters
/// to escape are copied as they are, floats and strings with escapes are written by `serde_json`
/// itself, so the output is always `serde_json`'s.
struct JsonWriter<'a>(&'a mut Vec<u8>);

/// [`JsonWriter`] met something it leaves to `serde_json`.
#[derive(Debug)]
struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("left to serde_json")
    }
}

impl std::error::Error for Unsupported {}

impl serde::ser::Error for Unsupported {
    fn custom<M: std::fmt::Display>(_message: M) -> Self {
        Unsupported
    }
}

/// Whether `text` goes into a JSON string as it is (no quote, backslash or control character).
fn plain(text: &[u8]) -> bool {
    text.iter().fold(true, |plain, &b| {
        plain & (b >= 0x20) & (b != b'"') & (b != b'\\')
    })
}

fn write_str(out: &mut Vec<u8>, text: &str) -> Result<(), Unsupported> {
    if plain(text.as_bytes()) {
        out.reserve(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(out, text).map_err(|_| Unsupported)
    }
}

fn write_u64(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

fn write_i64(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    write_u64(out, value.unsigned_abs());
}

/// Through `serde_json` (floats, chars, bytes: rare in requests).
fn write_with_serde_json<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
) -> Result<(), Unsupported> {
    serde_json::to_writer(out, value).map_err(|_| Unsupported)
}

impl<'a> serde::Serializer for JsonWriter<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = JsonSeq<'a>;
    type SerializeTuple = JsonSeq<'a>;
    type SerializeTupleStruct = JsonSeq<'a>;
    type SerializeTupleVariant = serde::ser::Impossible<(), Unsupported>;
    type SerializeMap = JsonMap<'a>;
    type SerializeStruct = JsonMap<'a>;
    type SerializeStructVariant = serde::ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.0.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        write_i64(self.0, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        write_u64(self.0, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        write_with_serde_json(self.0, &v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        write_with_serde_json(self.0, &v)
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        write_with_serde_json(self.0, &v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        write_str(self.0, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Unsupported> {
        write_with_serde_json(self.0, v)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.0.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<JsonSeq<'a>, Unsupported> {
        self.0.push(b'[');
        Ok(JsonSeq {
            out: self.0,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<JsonSeq<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<JsonSeq<'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<JsonMap<'a>, Unsupported> {
        self.0.push(b'{');
        Ok(JsonMap {
            out: self.0,
            first: true,
        })
    }
    fn serialize_struct(self, name: &'static str, len: usize) -> Result<JsonMap<'a>, Unsupported> {
        // serde_json's raw values travel as a struct of this name.
        if name.starts_with("$serde_json") {
            return Err(Unsupported);
        }
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

/// An array being written.
struct JsonSeq<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl JsonSeq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        value.serialize(JsonWriter(self.out))
    }

    fn close(self) -> Result<(), Unsupported> {
        self.out.push(b']');
        Ok(())
    }
}

impl serde::ser::SerializeSeq for JsonSeq<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl serde::ser::SerializeTuple for JsonSeq<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl serde::ser::SerializeTupleStruct for JsonSeq<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.element(value)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

/// An object being written (a struct, or a map with string keys).
struct JsonMap<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl JsonMap<'_> {
    fn key(&mut self, key: &str) -> Result<(), Unsupported> {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        write_str(self.out, key)?;
        self.out.push(b':');
        Ok(())
    }

    fn close(self) -> Result<(), Unsupported> {
        self.out.push(b'}');
        Ok(())
    }
}

impl serde::ser::SerializeStruct for JsonMap<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.key(key)?;
        value.serialize(JsonWriter(self.out))
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

impl serde::ser::SerializeMap for JsonMap<'_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        // String keys only; serde_json also writes numbers and booleans as keys, its own way.
        let key = key.serialize(KeyText)?;
        self.key(&key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        value.serialize(JsonWriter(self.out))
    }
    fn end(self) -> Result<(), Unsupported> {
        self.close()
    }
}

/// The text of a string map key (anything else is left to serde_json).
struct KeyText;

impl serde::Serializer for KeyText {
    type Ok = String;
    type Error = Unsupported;
    type SerializeSeq = serde::ser::Impossible<String, Unsupported>;
    type SerializeTuple = serde::ser::Impossible<String, Unsupported>;
    type SerializeTupleStruct = serde::ser::Impossible<String, Unsupported>;
    type SerializeTupleVariant = serde::ser::Impossible<String, Unsupported>;
    type SerializeMap = serde::ser::Impossible<String, Unsupported>;
    type SerializeStruct = serde::ser::Impossible<String, Unsupported>;
    type SerializeStructVariant = serde::ser::Impossible<String, Unsupported>;

    fn serialize_str(self, v: &str) -> Result<String, Unsupported> {
        Ok(v.to_owned())
    }
    fn serialize_bool(self, _v: bool) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_i8(self, _v: i8) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_i16(self, _v: i16) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_i32(self, _v: i32) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_i64(self, _v: i64) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_u8(self, _v: u8) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_u16(self, _v: u16) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_u32(self, _v: u32) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_u64(self, _v: u64) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_f32(self, _v: f32) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_f64(self, _v: f64) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_char(self, _v: char) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit(self) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, Unsupported> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
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

    /// The writer's output is serde_json's, byte for byte, and what it does not write itself falls
    /// back to serde_json.
    #[test]
    fn json_is_serde_json_s() {
        use std::collections::{BTreeMap, HashMap};

        #[derive(serde::Serialize)]
        struct Inner {
            name: &'static str,
            values: Vec<String>,
            flag: Option<bool>,
        }

        #[derive(serde::Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Request {
            text: String,
            escaped: String,
            unicode: &'static str,
            negative: i64,
            min: i64,
            max: u64,
            small: u8,
            float: f64,
            whole_float: f64,
            nan: f64,
            single: f32,
            empty: Vec<i64>,
            nested: Vec<Inner>,
            absent: Option<String>,
            unit: (),
            tuple: (i32, &'static str),
            chars: char,
            map: BTreeMap<String, i64>,
        }

        let request = Request {
            text: "ins-r8hr2upy".to_owned(),
            escaped: "a\"b\\c\n\u{1}\t\u{7f}/\u{1f}".to_owned(),
            unicode: "未命名 é",
            negative: -42,
            min: i64::MIN,
            max: u64::MAX,
            small: 0,
            float: 0.34,
            whole_float: 2.0,
            nan: f64::NAN,
            single: 1.5,
            empty: Vec::new(),
            nested: vec![
                Inner {
                    name: "zone",
                    values: vec!["ap-guangzhou-1".to_owned(), String::new()],
                    flag: Some(true),
                },
                Inner {
                    name: "",
                    values: Vec::new(),
                    flag: None,
                },
            ],
            absent: None,
            unit: (),
            tuple: (7, "x"),
            chars: '"',
            map: [("b".to_owned(), 2), ("a\"".to_owned(), 1)].into(),
        };
        assert_eq!(
            String::from_utf8(to_json(&request).unwrap()).unwrap(),
            serde_json::to_string(&request).unwrap()
        );

        // Left to serde_json: variants with data, non-string map keys.
        #[derive(serde::Serialize)]
        enum Shape {
            Circle(f64),
            Square { side: i32 },
        }
        let shapes = vec![Shape::Circle(1.0), Shape::Square { side: 2 }];
        assert_eq!(
            to_json(&shapes).unwrap(),
            serde_json::to_vec(&shapes).unwrap()
        );
        let numbered: HashMap<i32, bool> = [(1, true)].into();
        assert_eq!(
            to_json(&numbered).unwrap(),
            serde_json::to_vec(&numbered).unwrap()
        );
        // What serde_json refuses is refused with its error.
        let bad: BTreeMap<Vec<u8>, i32> = [(vec![1], 1)].into();
        assert_eq!(
            to_json(&bad).unwrap_err().to_string(),
            serde_json::to_vec(&bad).unwrap_err().to_string()
        );
    }

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

//! Lenient decoding of response fields.
//!
//! The services drift from their documentation: numbers arrive as strings, booleans as `"TRUE"`,
//! scalars as `null`. Generated structs route every scalar field through these functions so that
//! any value whose meaning is unambiguous decodes; anything else is a decode error, never a panic.

// Generated modules call these; which ones a build uses depends on the services it compiles in
// (none at all in a runtime-only build).
#![allow(dead_code)]

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// The scalar a lenient field accepts, whatever JSON type carries it.
#[derive(Debug)]
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number, boolean or null")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Uint(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

impl Scalar {
    /// What kind of value this is, without the value (errors never quote values: they may be secrets).
    fn kind(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "a boolean",
            Scalar::Int(_) | Scalar::Uint(_) => "an integer",
            Scalar::Float(_) => "a number with a fraction",
            Scalar::Str(_) => "a string",
        }
    }
}

/// A string's shape for messages: its length, never its text.
fn shape(s: &str) -> String {
    format!("a string of {} bytes", s.len())
}

fn to_string(s: Scalar) -> Option<String> {
    match s {
        Scalar::Null => None,
        Scalar::Bool(b) => Some(b.to_string()),
        Scalar::Int(n) => Some(n.to_string()),
        Scalar::Uint(n) => Some(n.to_string()),
        Scalar::Float(n) => Some(n.to_string()),
        Scalar::Str(s) => Some(s),
    }
}

fn to_i64<E: de::Error>(s: Scalar) -> Result<Option<i64>, E> {
    match s {
        Scalar::Null => Ok(None),
        Scalar::Int(n) => Ok(Some(n)),
        Scalar::Uint(n) => i64::try_from(n)
            .map(Some)
            .map_err(|_| E::custom(format!("integer {n} is out of range"))),
        Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
        Scalar::Str(s) if s.trim().is_empty() => Ok(None),
        Scalar::Str(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| E::custom(format!("expected an integer, found {}", shape(&s)))),
        other => Err(E::custom(format!(
            "expected an integer, found {}",
            other.kind()
        ))),
    }
}

fn to_f64<E: de::Error>(s: Scalar) -> Result<Option<f64>, E> {
    match s {
        Scalar::Null => Ok(None),
        Scalar::Int(n) => Ok(Some(n as f64)),
        Scalar::Uint(n) => Ok(Some(n as f64)),
        Scalar::Float(f) => Ok(Some(f)),
        Scalar::Str(s) if s.trim().is_empty() => Ok(None),
        Scalar::Str(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| E::custom(format!("expected a number, found {}", shape(&s)))),
        other => Err(E::custom(format!(
            "expected a number, found {}",
            other.kind()
        ))),
    }
}

fn to_bool<E: de::Error>(s: Scalar) -> Result<Option<bool>, E> {
    match s {
        Scalar::Null => Ok(None),
        Scalar::Bool(b) => Ok(Some(b)),
        Scalar::Int(0) | Scalar::Uint(0) => Ok(Some(false)),
        Scalar::Int(1) | Scalar::Uint(1) => Ok(Some(true)),
        Scalar::Str(s) => match s.trim() {
            t if t.eq_ignore_ascii_case("true") || t == "1" => Ok(Some(true)),
            t if t.eq_ignore_ascii_case("false") || t == "0" => Ok(Some(false)),
            "" => Ok(None),
            _ => Err(E::custom(format!(
                "expected a boolean, found {}",
                shape(&s)
            ))),
        },
        other => Err(E::custom(format!(
            "expected a boolean, found {}",
            other.kind()
        ))),
    }
}

/// A string field; numbers and booleans are kept in their text form.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    scalar(d).map(to_string)
}

/// An integer field; accepts numbers and numeric strings.
pub fn integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    to_i64(scalar(d)?)
}

/// A float field; accepts numbers and numeric strings.
pub fn float<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    to_f64(scalar(d)?)
}

/// A boolean field; accepts `true`, `"TRUE"`, `"true"`, `1`, `"1"` (and their negatives).
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    to_bool(scalar(d)?)
}

/// The request id of a response (a string, whatever the server sent).
pub fn request_id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    scalar(d).map(|s| to_string(s).unwrap_or_default())
}

/// The raw text of an enum value (or a secret); numbers and booleans kept as text.
pub fn enum_value<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match scalar(d)? {
        Scalar::Null => Err(de::Error::custom("expected a string, found null")),
        other => Ok(to_string(other).unwrap_or_default()),
    }
}

struct ScalarSeq<T, F>(F, std::marker::PhantomData<T>);

impl<'de, T, F> Visitor<'de> for ScalarSeq<T, F>
where
    F: Fn(Scalar) -> Result<Option<T>, String>,
{
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array or null")
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(ScalarSeed)? {
            if let Some(value) = (self.0)(item).map_err(de::Error::custom)? {
                out.push(value);
            }
        }
        Ok(Some(out))
    }
}

struct ScalarSeed;

impl<'de> de::DeserializeSeed<'de> for ScalarSeed {
    type Value = Scalar;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        scalar(d)
    }
}

fn seq<'de, D, T>(
    d: D,
    convert: fn(Scalar) -> Result<Option<T>, String>,
) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
{
    d.deserialize_any(ScalarSeq(convert, std::marker::PhantomData))
}

/// An array of strings (null elements dropped).
pub fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    seq(d, |s| Ok(to_string(s)))
}

/// An array of integers.
pub fn integers<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<i64>>, D::Error> {
    seq(d, |s| {
        to_i64::<de::value::Error>(s).map_err(|e| e.to_string())
    })
}

/// An array of floats.
pub fn floats<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<f64>>, D::Error> {
    seq(d, |s| {
        to_f64::<de::value::Error>(s).map_err(|e| e.to_string())
    })
}

/// An array of booleans.
pub fn booleans<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<bool>>, D::Error> {
    seq(d, |s| {
        to_bool::<de::value::Error>(s).map_err(|e| e.to_string())
    })
}

/// A data type field: decoded only from a JSON object (or null). Serde's derived structs would also
/// take an array, matching its elements to fields by position, so `[["ins-1"]]` would decode.
pub fn object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    d.deserialize_option(OptionalObject(std::marker::PhantomData))
}

/// An array of a data type: each element decoded only from a JSON object (null elements dropped).
pub fn objects<'de, D, T>(d: D) -> Result<Option<Vec<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    d.deserialize_option(OptionalObjects(std::marker::PhantomData))
}

struct OptionalObject<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for OptionalObject<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object or null")
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        T::deserialize(ObjectOnly(d)).map(Some)
    }
}

struct OptionalObjects<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for OptionalObjects<T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of objects, or null")
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) =
            seq.next_element_seed(OptionalObjectSeed::<T>(std::marker::PhantomData))?
        {
            out.extend(item);
        }
        Ok(Some(out))
    }
}

struct OptionalObjectSeed<T>(std::marker::PhantomData<T>);

impl<'de, T: serde::Deserialize<'de>> de::DeserializeSeed<'de> for OptionalObjectSeed<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_option(OptionalObject(std::marker::PhantomData))
    }
}

/// How the generated structs decode (responses and data types): the struct names its wire fields
/// (sorted byte-wise) and decodes one by its index; the map walk, the field lookup, duplicate and
/// unknown fields are handled here, once for every struct, instead of in a derived visitor per
/// struct. Every field is optional (absent fields keep `Default`), unknown fields are skipped, a
/// repeated field is an error, and only a JSON object decodes (never an array by position).
pub(crate) trait DecodeFields: Default {
    /// Wire names of the fields, sorted byte-wise (their index is what `decode_field` takes).
    const FIELDS: &'static [&'static str];

    /// Decodes the next value of `map` into field `index` of `FIELDS`.
    fn decode_field<'de, A: de::MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// `Deserialize::deserialize` of a generated struct.
pub(crate) fn structure<'de, D: Deserializer<'de>, T: DecodeFields>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(StructVisitor(std::marker::PhantomData))
}

struct StructVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: DecodeFields> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        let mut seen = FieldSet::new(T::FIELDS.len());
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match T::FIELDS.binary_search(&key.as_ref()) {
                Ok(index) => {
                    if !seen.insert(index) {
                        return Err(de::Error::duplicate_field(T::FIELDS[index]));
                    }
                    out.decode_field(index, &mut map)?;
                }
                Err(_) => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// Which fields a struct has seen: a bit per field, on the stack for up to 128 fields.
enum FieldSet {
    Small(u128),
    Large(Vec<bool>),
}

impl FieldSet {
    fn new(fields: usize) -> Self {
        if fields <= 128 {
            FieldSet::Small(0)
        } else {
            FieldSet::Large(vec![false; fields])
        }
    }

    /// Marks `index`; false when it was already marked.
    fn insert(&mut self, index: usize) -> bool {
        match self {
            FieldSet::Small(bits) => {
                let bit = 1u128 << index;
                let new = *bits & bit == 0;
                *bits |= bit;
                new
            }
            FieldSet::Large(seen) => !std::mem::replace(&mut seen[index], true),
        }
    }
}

/// A map key, borrowed from the input when it has no escapes.
struct KeySeed;

impl<'de> de::DeserializeSeed<'de> for KeySeed {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v))
    }
}

/// How one field of a generated struct decodes (the generated `decode_field` names one per field).
pub(crate) trait FieldDecoder {
    /// The field's stored type.
    type Value;
    /// Decodes the field's value.
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Self::Value, D::Error>;
}

/// Decodes the next value of `map` with `F` into `field` (one call per field arm of a generated
/// `decode_field`, no `?` there).
pub(crate) fn set<'de, F: FieldDecoder, A: de::MapAccess<'de>>(
    field: &mut F::Value,
    map: &mut A,
) -> Result<(), A::Error> {
    *field = map.next_value_seed(Seed::<F>(std::marker::PhantomData))?;
    Ok(())
}

struct Seed<F>(std::marker::PhantomData<F>);

impl<'de, F: FieldDecoder> de::DeserializeSeed<'de> for Seed<F> {
    type Value = F::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<F::Value, D::Error> {
        F::decode(d)
    }
}

macro_rules! decoders {
    ($($(#[$doc:meta])* $name:ident: $value:ty = $function:ident;)*) => {
        $(
            $(#[$doc])*
            pub(crate) struct $name;
            impl FieldDecoder for $name {
                type Value = $value;
                fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<$value, D::Error> {
                    $function(d)
                }
            }
        )*
    };
}

decoders! {
    /// A lenient string ([`string`]).
    Str: Option<String> = string;
    /// A lenient integer ([`integer`]).
    Int: Option<i64> = integer;
    /// A lenient float ([`float`]).
    Float: Option<f64> = float;
    /// A lenient boolean ([`boolean`]).
    Bool: Option<bool> = boolean;
    /// An array of lenient strings ([`strings`]).
    Strs: Option<Vec<String>> = strings;
    /// An array of lenient integers ([`integers`]).
    Ints: Option<Vec<i64>> = integers;
    /// An array of lenient floats ([`floats`]).
    Floats: Option<Vec<f64>> = floats;
    /// An array of lenient booleans ([`booleans`]).
    Bools: Option<Vec<bool>> = booleans;
    /// The request id of a response ([`request_id`]).
    RequestId: String = request_id;
}

/// A data type, from an object or null ([`object`]).
pub(crate) struct Obj<T>(std::marker::PhantomData<T>);

impl<T: serde::de::DeserializeOwned> FieldDecoder for Obj<T> {
    type Value = Option<T>;
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        object(d)
    }
}

/// An array of a data type ([`objects`]).
pub(crate) struct Objs<T>(std::marker::PhantomData<T>);

impl<T: serde::de::DeserializeOwned> FieldDecoder for Objs<T> {
    type Value = Option<Vec<T>>;
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<T>>, D::Error> {
        objects(d)
    }
}

/// A value with its own `Deserialize` (value sets, secrets).
pub(crate) struct Plain<T>(std::marker::PhantomData<T>);

impl<T: serde::de::DeserializeOwned> FieldDecoder for Plain<T> {
    type Value = T;
    fn decode<'de, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize(d)
    }
}

/// A deserializer that reads structs only from maps: `deserialize_struct` becomes `deserialize_map`.
struct ObjectOnly<D>(D);

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method($($arg,)* visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    forward! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, Default)]
    #[serde(default)]
    struct Probe {
        #[serde(deserialize_with = "boolean")]
        b: Option<bool>,
        #[serde(deserialize_with = "integer")]
        i: Option<i64>,
        #[serde(deserialize_with = "float")]
        f: Option<f64>,
        #[serde(deserialize_with = "string")]
        s: Option<String>,
        #[serde(deserialize_with = "strings")]
        ss: Option<Vec<String>>,
        #[serde(deserialize_with = "integers")]
        is: Option<Vec<i64>>,
    }

    #[test]
    fn tolerates_documented_drift() {
        let p: Probe = serde_json::from_str(
            r#"{"b":"TRUE","i":"42","f":"0.34","s":7,"ss":["a",null,1],"is":["1",2]}"#,
        )
        .unwrap();
        assert_eq!(p.b, Some(true));
        assert_eq!(p.i, Some(42));
        assert_eq!(p.f, Some(0.34));
        assert_eq!(p.s.as_deref(), Some("7"));
        assert_eq!(p.ss, Some(vec!["a".to_owned(), "1".to_owned()]));
        assert_eq!(p.is, Some(vec![1, 2]));
        let p: Probe = serde_json::from_str(r#"{"b":null,"i":null,"ss":null}"#).unwrap();
        assert_eq!((p.b, p.i, p.ss), (None, None, None));
    }

    #[derive(serde::Deserialize, Debug, Default, PartialEq)]
    #[serde(default)]
    struct Inner {
        #[serde(deserialize_with = "string")]
        a: Option<String>,
    }

    #[derive(serde::Deserialize, Debug, Default)]
    #[serde(default)]
    struct Outer {
        #[serde(deserialize_with = "object")]
        one: Option<Inner>,
        #[serde(deserialize_with = "objects")]
        many: Option<Vec<Inner>>,
        #[serde(deserialize_with = "object")]
        boxed: Option<Box<Inner>>,
    }

    #[test]
    fn data_types_come_only_from_objects() {
        let o: Outer =
            serde_json::from_str(r#"{"one":{"a":"x"},"many":[{"a":"y"},null],"boxed":{"a":"z"}}"#)
                .unwrap();
        assert_eq!(
            o.one,
            Some(Inner {
                a: Some("x".into())
            })
        );
        assert_eq!(
            o.many,
            Some(vec![Inner {
                a: Some("y".into())
            }])
        );
        assert_eq!(o.boxed.unwrap().a.as_deref(), Some("z"));
        let o: Outer = serde_json::from_str(r#"{"one":null,"many":null}"#).unwrap();
        assert!(o.one.is_none() && o.many.is_none());
        for bad in [
            r#"{"one":["x"]}"#,
            r#"{"many":[["y"]]}"#,
            r#"{"many":{"a":"y"}}"#,
            r#"{"one":"x"}"#,
        ] {
            assert!(serde_json::from_str::<Outer>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rejects_ambiguous_values() {
        assert!(serde_json::from_str::<Probe>(r#"{"b":"maybe"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"i":"4x"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"i":1.5}"#).is_err());
    }
}

//! Macros the generated code expands for the boilerplate of every value-set enum and every
//! per-action error code enum, so that generated modules carry only the tables (not a stable API).
//!
//! Every function they write is `#[inline]`: a build of this crate then turns none of them into
//! machine code (nor the runtime's generic code they would instantiate); a crate calling one
//! compiles just what it calls. The same holds for the generated client methods and paginators.

/// The impls of a value-set enum: `VALUES`, `as_str`, `From<&str>`, `From<String>`, `FromStr`,
/// `Display`, and serde as the wire string (unknown values kept in `Unknown`).
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($name:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// Every documented value, in documentation order.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }
        impl ::std::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }
        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            #[inline]
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::de::enum_value(deserializer).map(Self::from)
            }
        }
    };
}

/// An error code enum: a service's common codes (`"doc", Name { .. }`), or an action's documented
/// codes with its error type (`action "Action" Name for ErrorAlias [common] { .. }`, the alias of
/// `ActionError<Name, super::CommonErrorCode>`, whose impls the runtime writes once). Entries are sorted by
/// code, each `"Code" => Variant "doc"`; the enum is fieldless, its
/// [`ErrorCode`](crate::runtime::ErrorCode) impl holds the tables (codes, values, names) and its
/// `Debug` prints the variant's name from them, so nothing here has an arm per code. Not `Hash`:
/// a derived or written `Hash` cost ~2% of a large service's build memory; hash `as_str()`.
#[doc(hidden)]
#[macro_export]
macro_rules! __error_code {
    (action $action:literal $name:ident for $alias:ident common { $($entries:tt)* }) => {
        #[doc = ::std::concat!(" Service errors of `", $action, "`: [`Code`](crate::runtime::ActionError::Code) with one of its documented codes ([`", ::std::stringify!($name), "`]), [`Common`](crate::runtime::ActionError::Common) with one of the service's common codes ([`CommonErrorCode`](super::CommonErrorCode)), or [`Unhandled`](crate::runtime::ActionError::Unhandled) for any other code.")]
        pub type $alias = $crate::runtime::ActionError<$name, super::CommonErrorCode>;
        $crate::__error_code!(::std::concat!(" The error codes `", $action, "` documents."), $name { $($entries)* });
    };
    (action $action:literal $name:ident for $alias:ident { $($entries:tt)* }) => {
        #[doc = ::std::concat!(" Service errors of `", $action, "`: [`Code`](crate::runtime::ActionError::Code) with one of its documented codes ([`", ::std::stringify!($name), "`]), or [`Unhandled`](crate::runtime::ActionError::Unhandled) for any other code.")]
        pub type $alias = $crate::runtime::ActionError<$name>;
        $crate::__error_code!(::std::concat!(" The error codes `", $action, "` documents."), $name { $($entries)* });
    };
    ($doc:expr, $name:ident { $($code:literal => $variant:ident $vdoc:literal,)* }) => {
        #[doc = $doc]
        #[derive(::std::clone::Clone, ::std::marker::Copy)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = $vdoc] $variant,)*
        }
        impl $crate::runtime::ErrorCode for $name {
            const CODES: &'static [&'static str] = &[$($code),*];
            const ALL: &'static [Self] = &[$(Self::$variant),*];
            const NAMES: &'static [&'static str] = &[$(::std::stringify!($variant)),*];
        }
        impl ::std::fmt::Debug for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::runtime::action_error::debug_code(*self, f)
            }
        }
        // By discriminant, as derived, without the derive's `StructuralPartialEq` impl and `Eq`
        // assertion function (each a measurable cost multiplied by every action).
        impl ::std::cmp::PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                *self as usize == *other as usize
            }
        }
        impl ::std::cmp::Eq for $name {}
    };
}

/// `Deserialize` of a generated response or data type through the runtime's table-driven struct
/// decoder (`runtime::de::structure`): the wire names (sorted byte-wise, each with its index), the
/// field each fills and its lenient decoder (a type of `runtime::de`, with its type argument).
#[doc(hidden)]
#[macro_export]
macro_rules! __decode_struct {
    ($name:ident { $($index:literal $wire:literal => $field:ident: $decoder:ident $(<$arg:ty>)?;)* }) => {
        impl $crate::runtime::de::DecodeFields for $name {
            const FIELDS: &'static [&'static str] = &[$($wire),*];
            #[allow(unused_variables)]
            fn decode_field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                match index {
                    $($index => $crate::runtime::de::set::<$crate::runtime::de::$decoder$(<$arg>)?, A>(&mut self.$field, map),)*
                    _ => ::std::result::Result::Ok(()),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::de::structure(deserializer)
            }
        }
    };
}

/// `Serialize` of a generated request or data type: each field under its wire name, in struct
/// order; `required` fields always, `optional` ones only when set.
#[doc(hidden)]
#[macro_export]
macro_rules! __encode_struct {
    ($name:ident { $($wire:literal => $kind:ident $field:ident;)* }) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut out = $crate::runtime::ser::Fields::start(
                    serializer,
                    ::std::stringify!($name),
                    <[&str]>::len(&[$($wire),*]),
                );
                $(out.$kind($wire, &self.$field);)*
                out.end()
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __setter {
    ($struct:ident $field:ident $wire:literal string) => {
        #[doc = ::std::concat!(" Sets `", $wire, "`.")]
        #[inline]
        pub fn $field(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($struct:ident $field:ident $wire:literal strings) => {
        #[doc = ::std::concat!(" Sets `", $wire, "`.")]
        #[inline]
        pub fn $field(
            mut self,
            value: impl ::std::iter::IntoIterator<
                Item = impl ::std::convert::Into<::std::string::String>,
            >,
        ) -> Self {
            self.$field =
                ::std::option::Option::Some(value.into_iter().map(|item| item.into()).collect());
            self
        }
    };
    ($struct:ident $field:ident $wire:literal sensitive) => {
        #[doc = ::std::concat!(" Sets `", $wire, "`.")]
        #[inline]
        pub fn $field(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.$field = ::std::option::Option::Some($crate::runtime::SensitiveString::new(value));
            self
        }
    };
    ($struct:ident $field:ident $wire:literal sensitives) => {
        #[doc = ::std::concat!(" Sets `", $wire, "`.")]
        #[inline]
        pub fn $field(
            mut self,
            value: impl ::std::iter::IntoIterator<
                Item = impl ::std::convert::Into<::std::string::String>,
            >,
        ) -> Self {
            self.$field = ::std::option::Option::Some(
                value
                    .into_iter()
                    .map($crate::runtime::SensitiveString::new)
                    .collect(),
            );
            self
        }
    };
    ($struct:ident $field:ident $wire:literal into($ty:ty)) => {
        #[doc = ::std::concat!(" Sets `", $wire, "`.")]
        #[inline]
        pub fn $field(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($struct:ident $field:ident $wire:literal intos($ty:ty)) => {
        #[doc = ::std::concat!(" Sets `", $wire, "`.")]
        #[inline]
        pub fn $field(
            mut self,
            value: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<$ty>>,
        ) -> Self {
            self.$field =
                ::std::option::Option::Some(value.into_iter().map(|item| item.into()).collect());
            self
        }
    };
    ($struct:ident $field:ident $wire:literal value($ty:ty)) => {
        #[doc = ::std::concat!(" Sets `", $wire, "`.")]
        #[inline]
        pub fn $field(mut self, value: $ty) -> Self {
            self.$field = ::std::option::Option::Some(value);
            self
        }
    };
    ($struct:ident $field:ident $wire:literal values($ty:ty)) => {
        #[doc = ::std::concat!(" Sets `", $wire, "`.")]
        #[inline]
        pub fn $field(mut self, value: impl ::std::iter::IntoIterator<Item = $ty>) -> Self {
            self.$field = ::std::option::Option::Some(value.into_iter().collect());
            self
        }
    };
    ($struct:ident $field:ident $wire:literal boxed($ty:ty)) => {
        #[doc = ::std::concat!(" Sets `", $wire, "`.")]
        #[inline]
        pub fn $field(mut self, value: $ty) -> Self {
            self.$field = ::std::option::Option::Some(::std::boxed::Box::new(value));
            self
        }
    };
}

/// A generated builder's methods. Each field is `field "Wire" store setter checks...;`: the setter
/// kind says what it takes and how it stores it (see `__setter!`: strings and enum values through
/// `Into`, secrets wrapped in `SensitiveString`, arrays from any iterator, boxed data types that
/// close a cycle); `build()` checks the documented bounds (`items(min, max)`, `length(min, max)`,
/// `range(min, max)`, `ascii`) and takes each field as `required` (requests), `required_some`
/// (data types) or `optional`; errors name the struct and the field's wire name.
///
/// `type` builders are plain; `request` builders carry a client type-state (`with_state`), and
/// with a client `Handle` gain `send()`.
#[doc(hidden)]
#[macro_export]
macro_rules! __builder {
    (type $name:ident $builder:ident $link:literal {
        $($field:ident $wire:literal $store:ident $kind:ident $(($ty:ty))? $($check:ident $(($($arg:expr),*))?)*;)*
    }) => {
        impl $name {
            #[doc = ::std::concat!(" Builder of ", $link, ".")]
            #[inline]
            pub fn builder() -> $builder {
                ::std::default::Default::default()
            }
        }
        impl $builder {
            $($crate::__setter!($name $field $wire $kind $(($ty))?);)*
            $crate::__builder!(@build $name $link { $($field $wire $store $($check $(($($arg),*))?)*;)* });
        }
        $crate::__builder!(@debug $builder);
    };
    (request $name:ident $builder:ident $link:literal $action:literal send($output:ident, $error:ident) {
        $($field:ident $wire:literal $store:ident $kind:ident $(($ty:ty))? $($check:ident $(($($arg:expr),*))?)*;)*
    }) => {
        impl $name {
            #[doc = ::std::concat!(" Builder of ", $link, ".")]
            #[inline]
            pub fn builder() -> $builder {
                $builder::with_state($crate::runtime::Detached)
            }
        }
        impl<S> $builder<S> {
            /// An empty builder in the given state (`Detached`, or a client `Handle`).
            #[inline]
            pub fn with_state(state: S) -> Self {
                Self { state, $($field: ::std::option::Option::None,)* }
            }
            $($crate::__setter!($name $field $wire $kind $(($ty))?);)*
            $crate::__builder!(@build $name $link { $($field $wire $store $($check $(($($arg),*))?)*;)* });
        }
        impl $builder<$crate::runtime::Handle> {
            #[doc = ::std::concat!(" Builds the request and sends it with the client this builder came from (`", $action, "`);")]
            #[doc = ::std::concat!(" the future resolves to `Result<", ::std::stringify!($output), ", SdkError<", ::std::stringify!($error), ">>`")]
            #[doc = " (a build error when it is first polled, before anything is sent)."]
            #[inline]
            pub fn send(self) -> $crate::runtime::SendFuture<$name> {
                $crate::runtime::SendFuture::new(::std::clone::Clone::clone(&self.state), self.build())
            }
        }
        $crate::__builder!(@debug $builder<S>);
    };
    // `Debug` of a builder: the request it builds now, or why it cannot (`Name(Ok(..))` or
    // `Name(Err(..))`), through the request's own `Debug` (secrets stay redacted). A derived
    // `Debug` of every field slot cost ~3% of a large service's build memory.
    (@debug $builder:ident $(<$state:ident>)?) => {
        impl$(<$state: ::std::clone::Clone>)? ::std::fmt::Debug for $builder$(<$state>)? {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::runtime::check::debug_builder(
                    ::std::stringify!($builder),
                    &::std::clone::Clone::clone(self).build(),
                    f,
                )
            }
        }
    };
    (@build $name:ident $link:literal { $($field:ident $wire:literal $store:ident $($check:ident $(($($arg:expr),*))?)*;)* }) => {
        #[doc = ::std::concat!(" Builds the ", $link, ", failing with [`BuildError`](crate::runtime::BuildError) naming the first missing required field or out-of-range value.")]
        #[inline]
        pub fn build(self) -> ::std::result::Result<$name, $crate::runtime::BuildError> {
            #[allow(unused_variables)]
            let structure = ::std::stringify!($name);
            $($($crate::runtime::check::$check(&self.$field, structure, $wire $(, $($arg),*)?)?;)*)*
            // One `let` per field, not `?` inside the struct literal: each early return then shares
            // one drop path instead of dropping its own list of finished fields (quadratic code).
            $(let $field = $crate::__take!($store self.$field, structure, $wire);)*
            ::std::result::Result::Ok($name { $($field,)* })
        }
    };
}

/// A builder field in `build()`: an optional one as it is (no call, no `?`: most fields are
/// optional), a required one through `check`, failing with the field's name.
#[doc(hidden)]
#[macro_export]
macro_rules! __take {
    (optional $value:expr, $structure:ident, $wire:literal) => {
        $value
    };
    ($store:ident $value:expr, $structure:ident, $wire:literal) => {
        $crate::runtime::check::$store($value, $structure, $wire)?
    };
}

/// An action's `METADATA` (doc, name, then the remaining `ActionMetadata` fields by name; the
/// service is the parent module's `SERVICE`), `Operation` for its request (with `token field` when the client fills in an idempotency
/// token the caller left unset) and `OperationOutput` for its response.
#[doc(hidden)]
#[macro_export]
macro_rules! __operation {
    ($doc:literal $action:literal { $($key:ident = $value:expr),* $(,)? }
        $request:ident => $output:ident, $error:ident $(token $token:ident)?) => {
        #[doc = $doc]
        pub const METADATA: $crate::runtime::ActionMetadata = $crate::runtime::ActionMetadata {
            service: &super::SERVICE,
            action: $action,
            $($key: $value),*
        };
        impl $crate::runtime::Operation for $request {
            type Output = $output;
            type Error = $error;
            const METADATA: &'static $crate::runtime::ActionMetadata = &METADATA;
            $(
                #[inline]
                fn idempotency_token_mut(
                    &mut self,
                ) -> ::std::option::Option<&mut ::std::option::Option<::std::string::String>> {
                    ::std::option::Option::Some(&mut self.$token)
                }
            )?
        }
        impl $crate::runtime::OperationOutput for $output {
            #[inline]
            fn request_id(&self) -> &str {
                &self.request_id
            }
        }
    };
}

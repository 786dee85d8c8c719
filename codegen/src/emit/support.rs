//! The `support` module of the generated crate: the few helpers every API module shares.

use proc_macro2::TokenStream;
use quote::quote;

pub fn support_module() -> TokenStream {
    quote! {
        //! Helpers shared by the API modules: the catch-all value of enums, `null` handling and
        //! redaction of sensitive values.

        use std::fmt;
        use std::marker::PhantomData;

        use serde::{Deserialize, Deserializer};

        /// The raw wire value of an enum value this version of the crate does not know.
        ///
        /// It serializes back exactly as received. It can only be made by deserializing or parsing,
        /// so it never holds a value the enum knows.
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct UnrecognizedValue(String);

        impl UnrecognizedValue {
            #[doc(hidden)] pub fn new(value: &str) -> Self {
                UnrecognizedValue(value.to_owned())
            }

            /// The value as received.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for UnrecognizedValue {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Deserializes a string enum through its lenient `From<&str>`, borrowing where it can.
        #[doc(hidden)] pub fn deserialize_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
        where
            D: Deserializer<'de>,
            T: for<'a> From<&'a str>,
        {
            struct EnumVisitor<T>(PhantomData<T>);

            impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for EnumVisitor<T> {
                type Value = T;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a string")
                }

                fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
                    Ok(T::from(value))
                }
            }

            deserializer.deserialize_str(EnumVisitor(PhantomData))
        }

        /// Keeps "absent" (`None`) apart from "null" (`Some(None)`) for optional nullable fields.
        #[doc(hidden)] pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
        where
            D: Deserializer<'de>,
            T: Deserialize<'de>,
        {
            Option::<T>::deserialize(deserializer).map(Some)
        }

        /// Stands in for a sensitive value in `Debug` output.
        #[doc(hidden)] pub struct Redacted;

        impl fmt::Debug for Redacted {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("*** redacted ***")
            }
        }
    }
}

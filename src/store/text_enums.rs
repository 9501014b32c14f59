//! The domain's enums as text columns: written by name, and read back by
//! name, failing the query on a name that is not one of theirs (never
//! falling back to a default).

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type};

use crate::domain::goals::{ActivityLevel, Sex};
use crate::domain::meal::Meal;
use crate::domain::settings::{EnergyUnit, Language, LengthUnit, WeightUnit};

macro_rules! text_enum {
    ($($t:ident),*) => {$(
        impl<DB: Database> Type<DB> for $t
        where
            str: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: Database> Encode<'q, DB> for $t
        where
            String: Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as Database>::ArgumentBuffer<'q>,
            ) -> Result<IsNull, BoxDynError> {
                self.as_str().to_owned().encode(buf)
            }
        }

        impl<'r, DB: Database> Decode<'r, DB> for $t
        where
            &'r str: Decode<'r, DB>,
        {
            fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<$t, BoxDynError> {
                let text = <&str as Decode<DB>>::decode(value)?;
                $t::parse(text).ok_or_else(|| {
                    format!(concat!("`{}` is not a ", stringify!($t)), text).into()
                })
            }
        }
    )*};
}

text_enum!(
    Meal,
    Sex,
    ActivityLevel,
    Language,
    EnergyUnit,
    WeightUnit,
    LengthUnit
);

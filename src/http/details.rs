//! The detail nutrients in JSON (nutrition.md §2): `fibre_g`, `sugars_g`,
//! `saturated_fat_g`, `sodium_mg` as members of a food or entry, and the
//! `micronutrients` object, whose members are exactly the spec's keys and
//! are absent when unknown.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{AdditionalProperties, Object, ObjectBuilder, Type};

use crate::app::{DetailFields, Input};
use crate::domain::nutrients::{Details, MICRONUTRIENT_KEYS, unit_of};

/// The `micronutrients` object's schema: one optional number per key.
pub fn micronutrients_schema() -> Object {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "Micronutrients by key, the unit in the key's name (`_ug`: µg); a key is absent \
             when the amount is unknown.",
        ))
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    for key in MICRONUTRIENT_KEYS {
        object = object.property(
            key,
            ObjectBuilder::new()
                .schema_type(Type::Number)
                .minimum(Some(0))
                .description(Some(unit_of(key))),
        );
    }
    object.build()
}

/// Values by nutrient key, serialised as an object in the keys' order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Keyed<T>(pub Vec<(&'static str, T)>);

/// The micronutrients known, in the spec's order.
pub type Micronutrients = Keyed<f64>;

impl<T: Serialize> Serialize for Keyed<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, amount) in &self.0 {
            map.serialize_entry(key, amount)?;
        }
        map.end()
    }
}

/// The detail amounts of a food (per 100 g) or an entry.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct DetailAmounts {
    /// `null` when unknown (never 0 for unknown), as for the three below.
    pub fibre_g: Option<f64>,
    pub sugars_g: Option<f64>,
    pub saturated_fat_g: Option<f64>,
    pub sodium_mg: Option<f64>,
    #[schema(schema_with = micronutrients_schema)]
    pub micronutrients: Micronutrients,
}

impl From<Details> for DetailAmounts {
    fn from(d: Details) -> DetailAmounts {
        DetailAmounts {
            fibre_g: d.get("fibre_g"),
            sugars_g: d.get("sugars_g"),
            saturated_fat_g: d.get("saturated_fat_g"),
            sodium_mg: d.get("sodium_mg"),
            micronutrients: Keyed(d.known_micronutrients().collect()),
        }
    }
}

/// The detail amounts as sent. Absent members keep what is stored (on a
/// change) or are unknown; `null` makes an amount unknown; the members of
/// `micronutrients` merge into what is stored.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct DetailInput {
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0)]
    fibre_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0)]
    sugars_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0)]
    saturated_fat_g: Input<f64>,
    #[serde(default)]
    #[schema(value_type = Option<f64>, minimum = 0)]
    sodium_mg: Input<f64>,
    #[serde(default)]
    #[schema(schema_with = micronutrients_schema)]
    micronutrients: Input<BTreeMap<String, Input<f64>>>,
}

impl From<DetailInput> for DetailFields {
    fn from(b: DetailInput) -> DetailFields {
        let micronutrients = match b.micronutrients {
            Input::Value(map) => Input::Value(map.into_iter().collect()),
            Input::Absent => Input::Absent,
            Input::Null => Input::Null,
            Input::Invalid(message) => Input::Invalid(message),
        };
        DetailFields {
            extras: [b.fibre_g, b.sugars_g, b.saturated_fat_g, b.sodium_mg],
            micronutrients,
        }
    }
}

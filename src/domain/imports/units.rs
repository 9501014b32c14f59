//! Converting what files write into what we store: kcal, g, kg, ml.

/// kJ in one kcal (the thermochemical calorie).
pub const KJ_PER_KCAL: f64 = 4.184;
pub const KG_PER_LB: f64 = 0.453_592_37;
pub const ML_PER_US_FL_OZ: f64 = 29.573_529_562_5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightUnit {
    Kg,
    Lb,
}

impl WeightUnit {
    /// `kg`, `kgs`, `lb`, `lbs`, `pounds`, … as files and the query parameter write them.
    pub fn parse(s: &str) -> Option<WeightUnit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "kg" | "kgs" | "kilogram" | "kilograms" => Some(WeightUnit::Kg),
            "lb" | "lbs" | "pound" | "pounds" => Some(WeightUnit::Lb),
            _ => None,
        }
    }

    pub fn to_kg(self, value: f64) -> f64 {
        match self {
            WeightUnit::Kg => value,
            WeightUnit::Lb => value * KG_PER_LB,
        }
    }
}

/// An energy in `unit` (`kcal`, `Cal`, `kJ`, …) in kcal; `None` for a unit
/// that is not one of energy.
pub fn kcal(value: f64, unit: &str) -> Option<f64> {
    match unit.trim().to_ascii_lowercase().as_str() {
        "kcal" | "cal" | "calories" | "kilocalories" => Some(value),
        "kj" | "kilojoules" => Some(value / KJ_PER_KCAL),
        _ => None,
    }
}

/// A volume in `unit` (`ml`, `mL`, `l`, `fl_oz_us`, `fl oz`, …) in ml.
pub fn ml(value: f64, unit: &str) -> Option<f64> {
    match unit
        .trim()
        .to_ascii_lowercase()
        .replace(['_', ' '], "")
        .as_str()
    {
        "ml" | "millilitre" | "milliliter" => Some(value),
        "l" | "litre" | "liter" => Some(value * 1000.0),
        "floz" | "flozus" | "fluidounce" => Some(value * ML_PER_US_FL_OZ),
        _ => None,
    }
}

/// A length in `unit` (`cm`, `in`, `inches`) in cm.
pub fn cm(value: f64, unit: &str) -> Option<f64> {
    match unit.trim().to_ascii_lowercase().as_str() {
        "cm" | "centimeters" | "centimetres" => Some(value),
        "in" | "inch" | "inches" => Some(value * 2.54),
        "mm" => Some(value / 10.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert!((WeightUnit::Lb.to_kg(200.0) - 90.718_474).abs() < 1e-6);
        assert_eq!(WeightUnit::parse("LBS"), Some(WeightUnit::Lb));
        assert_eq!(WeightUnit::parse("stone"), None);
        assert!((kcal(418.4, "kJ").unwrap() - 100.0).abs() < 1e-9);
        assert_eq!(kcal(5.0, "steps"), None);
        assert!((ml(8.0, "fl_oz_us").unwrap() - 236.588).abs() < 1e-3);
        assert_eq!(ml(1.5, "L"), Some(1500.0));
        assert_eq!(cm(10.0, "in"), Some(25.4));
    }
}

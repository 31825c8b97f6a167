//! `/body/typed-form`: form fields deserialised into a type; a field that does not fit is a 400.

use routeway::prelude::*;

#[derive(serde::Deserialize, serde::Serialize)]
pub struct Signup {
    name: String,
    age: u8,
    #[serde(default)]
    tags: Vec<String>,
}

pub async fn POST(Form(signup): Form<Signup>) -> Response {
    json(&signup)
}

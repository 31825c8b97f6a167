//! `/api/form`: `request.formData()` with typed fields (urlencoded or multipart): the Rust answer to
//! zod-form-data. A missing or mistyped field answers 400 naming it.

use routeway::prelude::*;

#[derive(serde::Deserialize, serde::Serialize)]
pub struct Signup {
    name: String,
    email: String,
    #[serde(default)]
    age: Option<u8>,
}

pub async fn POST(Form(signup): Form<Signup>) -> Response {
    json(&signup)
}

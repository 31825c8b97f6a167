//! `/body/form`: `request.formData()`, urlencoded or multipart, text fields and files.

use routeway::prelude::*;

pub async fn POST(form: FormData) -> Response {
    let mut fields = Vec::new();
    let mut files = Vec::new();
    for (name, value) in form.iter() {
        match value {
            routeway::FormValue::Text(text) => fields.push(serde_json::json!([name, text])),
            routeway::FormValue::File(file) => files.push(serde_json::json!({
                "name": name,
                "file_name": file.file_name,
                "content_type": file.content_type,
                "text": String::from_utf8_lossy(&file.bytes),
            })),
        }
    }
    json(&serde_json::json!({ "fields": fields, "files": files }))
}

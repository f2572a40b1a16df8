//! Author profiles: what readers, partners and search engines learn of the people
//! (and desks) behind a byline — a job title, a bio, a photo from the image library,
//! links to their profiles elsewhere, the language they write in. Editors and admins
//! keep every profile; an author keeps their own.

use shared::staff::AuthorProfileUpdate;
use shared::{Author, ProfileLink};

use super::access::{Actor, NewsroomError, invalid};
use super::validation::check_language;
use crate::db::taxonomy::{self as queries, ProfileChanges};
use crate::db::{self as store, DbConnection};
use crate::domain::Desk;
use crate::domain::accounts::MAX_BIO_CHARS;
use crate::domain::taxonomy::shown_authors;

/// The profile of the author `slug` as staff see it (whether or not a published
/// article names them yet). Any staff member may read any.
pub fn profile(conn: &mut DbConnection, desk: Desk, slug: &str) -> Result<Author, NewsroomError> {
    let row = queries::author_by_slug(conn, slug)?
        .ok_or_else(|| NewsroomError::Missing(format!("No author has the slug `{slug}`")))?;
    let counts = queries::published_per_author(conn, desk.now(), Some(&row.id))?;
    shown_authors(conn, desk, vec![row], &counts)?
        .pop()
        .ok_or(NewsroomError::NotFound)
}

/// Changes the profile of the author `slug` (only the fields given) and returns it.
pub fn update_profile(
    conn: &mut DbConnection,
    desk: Desk,
    actor: &Actor,
    slug: &str,
    update: &AuthorProfileUpdate,
) -> Result<Author, NewsroomError> {
    let text = |field: &str, value: &Option<String>, max: usize| -> Result<_, NewsroomError> {
        let Some(value) = value else { return Ok(None) };
        let value = value.trim();
        if value.chars().count() > max {
            return Err(invalid(
                field,
                format!("`{field}` must be at most {max} characters"),
            ));
        }
        Ok(Some((!value.is_empty()).then(|| value.to_owned())))
    };
    let bio = text("bio", &update.bio, MAX_BIO_CHARS)?;
    let job_title = text(
        "job_title",
        &update.job_title,
        shared::listing::MAX_JOB_TITLE,
    )?;
    let language = match update.language.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(tag) => {
            check_language("language", tag)?;
            Some(Some(tag.to_owned()))
        }
    };
    let links = update.links.as_deref().map(check_links).transpose()?;
    let photo = match update.photo.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(id) => Some(Some(id.to_owned())),
    };
    store::write_transaction(conn, |conn| {
        let row = queries::author_by_slug(conn, slug)?
            .ok_or_else(|| NewsroomError::Missing(format!("No author has the slug `{slug}`")))?;
        if !actor.is_editor() && actor.author_id.as_deref() != Some(row.id.as_str()) {
            return Err(NewsroomError::Forbidden(
                "an author changes their own profile; editors and admins change any".into(),
            ));
        }
        if let Some(Some(id)) = &photo
            && crate::db::media::by_id(conn, id)?.is_none()
        {
            return Err(invalid(
                "photo",
                format!("no image of the library has the id {id}"),
            ));
        }
        let changes = ProfileChanges {
            bio: bio.clone().unwrap_or(row.bio.clone()),
            job_title: job_title.clone().unwrap_or(row.job_title.clone()),
            photo_id: photo.clone().unwrap_or(row.photo_id.clone()),
            links: match &links {
                Some(links) => serde_json::to_string(links).map_err(anyhow::Error::from)?,
                None => row.links.clone(),
            },
            language: language.clone().unwrap_or(row.language.clone()),
        };
        queries::set_profile(conn, &row.id, &changes)?;
        Ok::<_, NewsroomError>(())
    })?;
    profile(conn, desk, slug)
}

/// Links an author profile may have: at most `MAX_PROFILE_LINKS`, each an absolute
/// `https://` or `http://` address with a host and no credentials, at most
/// `MAX_PROFILE_URL` characters, each address once.
fn check_links(links: &[ProfileLink]) -> Result<Vec<ProfileLink>, NewsroomError> {
    use shared::listing::{MAX_PROFILE_LINKS, MAX_PROFILE_URL};
    if links.len() > MAX_PROFILE_LINKS {
        return Err(invalid(
            "links",
            format!("at most {MAX_PROFILE_LINKS} links"),
        ));
    }
    let mut seen = Vec::new();
    for (i, link) in links.iter().enumerate() {
        let field = format!("links[{i}].url");
        let url = link.url.trim();
        if url.chars().count() > MAX_PROFILE_URL {
            return Err(invalid(
                field,
                format!("at most {MAX_PROFILE_URL} characters"),
            ));
        }
        let parsed =
            url::Url::parse(url).map_err(|e| invalid(&field, format!("not an address: {e}")))?;
        if !matches!(parsed.scheme(), "https" | "http")
            || parsed.host_str().is_none_or(str::is_empty)
            || !parsed.username().is_empty()
            || parsed.password().is_some()
        {
            return Err(invalid(
                field,
                "must be an https:// or http:// address with a host and no user name",
            ));
        }
        let url = parsed.to_string();
        if seen.contains(&url) {
            return Err(invalid(field, "this address is given twice"));
        }
        seen.push(url);
    }
    Ok(links
        .iter()
        .zip(seen)
        .map(|(link, url)| ProfileLink {
            kind: link.kind,
            url,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::taxonomy::profile_links;
    use shared::ProfileLinkKind;

    fn link(url: &str) -> ProfileLink {
        ProfileLink {
            kind: ProfileLinkKind::Website,
            url: url.to_owned(),
        }
    }

    #[test]
    fn links_are_web_addresses_once_each() {
        assert!(check_links(&[link("https://globalinsight.id/sari")]).is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,<b>",
            "https://user:pass@example.com/",
            "ftp://example.com/",
            "/relative",
            "https://",
        ] {
            assert!(check_links(&[link(bad)]).is_err(), "{bad}");
        }
        assert!(check_links(&[link("https://a.example/"), link("https://a.example")]).is_err());
        let many: Vec<ProfileLink> = (0..11)
            .map(|i| link(&format!("https://{i}.example/")))
            .collect();
        assert!(check_links(&many).is_err());
        assert!(check_links(&many[..10]).is_ok());
        // Stored as the parser writes it.
        assert_eq!(
            profile_links(
                &serde_json::to_string(&check_links(&[link("HTTPS://Example.COM")]).unwrap())
                    .unwrap()
            )[0]
            .url,
            "https://example.com/"
        );
    }
}

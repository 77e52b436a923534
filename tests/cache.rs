//! The project index in `.smslint_cache/`: one staged file is linted
//! without a walk of the whole repository, and the verdict is the one a run
//! without the cache gives, whatever changed since the index was written.

mod common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use common::Project;

const TEMPLATE: &str = "Acme: new arrivals are in store this week, come see them.\n";
const MARKETING: &str =
    "campaign:\n  brand: Acme\n  use_case: MARKETING\n  templates:\n    - ../sms/**\n";
/// The same size as [`MARKETING`], and no campaign.
const NOT_A_CAMPAIGN: &str =
    "settings:\n  brand: Acme\n  use_case: MARKETING\n  templates:\n    - ../sms/**\n";

/// Sets every file's and folder's time under `root` (the cache's own
/// included) an hour back: older than the index's racy window, so that
/// the next run writes an index the run after it trusts.
fn age(root: &Path) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() && !path.is_symlink() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        }
        paths.push(path);
    }
    // Children first: setting a folder's time does not touch its parent.
    for path in paths.iter().rev() {
        // A link is left alone (a broken one cannot be opened).
        if std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink()) {
            continue;
        }
        std::fs::File::open(path)
            .unwrap()
            .set_modified(past)
            .unwrap();
    }
}

/// The rules reported for `sms/a.txt` when it alone is linted.
fn one_file(project: &Project, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["--no-config"];
    args.extend_from_slice(extra);
    args.push("sms/a.txt");
    project.report(&args).rules_for("sms/a.txt")
}

/// A project whose index is written and trusted: `sms/a.txt` and a
/// `campaigns/c.yaml` that is no campaign yet.
fn indexed_project() -> Project {
    let project = Project::new();
    project
        .write(".git/HEAD", "ref: refs/heads/main\n")
        .write("sms/a.txt", TEMPLATE)
        .write("campaigns/c.yaml", NOT_A_CAMPAIGN);
    // The first run makes the cache folder; the second, a trusted index.
    assert!(one_file(&project, &[]).is_empty());
    age(project.path());
    assert!(one_file(&project, &[]).is_empty());
    assert!(project
        .path()
        .join(".smslint_cache/project-index")
        .is_file());
    project
}

#[test]
fn a_campaign_added_after_the_index_governs_the_next_run() {
    let project = indexed_project();
    // In a new folder: only its parent folder's time says so.
    project.write(
        "campaigns/new/spring.yaml",
        MARKETING.replace("../sms", "../../sms"),
    );
    assert_eq!(one_file(&project, &[]), ["opt-out/missing"]);
    assert_eq!(one_file(&project, &["--no-cache"]), ["opt-out/missing"]);
}

#[test]
fn a_yaml_file_edited_into_a_campaign_governs_the_next_run() {
    let project = indexed_project();
    // In place, and its folder's time kept: only its own time says so.
    let file = project.path().join("campaigns/c.yaml");
    std::fs::write(&file, MARKETING).unwrap();
    std::fs::File::open(project.path().join("campaigns"))
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    assert_eq!(one_file(&project, &[]), ["opt-out/missing"]);
}

#[test]
fn an_ignore_file_edited_after_the_index_is_obeyed() {
    let project = indexed_project();
    project
        .write(".gitignore", "build/\n")
        .write("campaigns/c.yaml", MARKETING);
    age(project.path());
    assert_eq!(one_file(&project, &[]), ["opt-out/missing"]);
    age(project.path());
    assert_eq!(one_file(&project, &[]), ["opt-out/missing"]);
    // Edited in place (no folder's time changes): the campaign is ignored
    // now, and no longer governs, with or without the cache.
    project.write(".gitignore", "campaigns/\n");
    assert!(one_file(&project, &[]).is_empty());
    assert!(one_file(&project, &["--no-cache"]).is_empty());
}

#[test]
fn an_edit_whose_old_time_is_put_back_is_still_seen() {
    // Same size, the old modification time restored (as `touch -d` or a
    // restored backup does): the change time, which only the kernel sets,
    // says the file changed.
    let project = indexed_project();
    let file = project.path().join("campaigns/c.yaml");
    let old = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::fs::write(&file, MARKETING).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert_eq!(one_file(&project, &[]), ["opt-out/missing"]);
    assert_eq!(one_file(&project, &["--no-cache"]), ["opt-out/missing"]);
}

#[test]
fn projects_the_index_cannot_watch_are_walked_every_time() {
    // A broken link (the walk met an error) and a worktree's `.git` file
    // (its exclude file lives elsewhere): no index is written.
    for (name, setup) in [
        ("broken link", "ln -s missing.yaml gone.yaml"),
        (
            "worktree",
            "mkdir -p sub && echo 'gitdir: /elsewhere' > sub/.git",
        ),
    ] {
        let project = Project::new();
        project
            .write(".git/HEAD", "ref: refs/heads/main\n")
            .write("sms/a.txt", TEMPLATE);
        assert!(project.shell(setup).status.success(), "{name}");
        age(project.path());
        assert!(one_file(&project, &[]).is_empty(), "{name}");
        assert!(
            !project.path().join(".smslint_cache/project-index").exists(),
            "{name}"
        );
    }
}

#[test]
fn a_planted_index_is_not_trusted() {
    // A pull request can commit `.smslint_cache/`: an index that watches
    // nothing, or not the root first, is read as no index.
    let project = indexed_project();
    project.write("campaigns/c.yaml", MARKETING);
    let root = project.path().canonicalize().unwrap();
    let header = std::fs::read_to_string(project.path().join(".smslint_cache/project-index"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    for body in [
        String::new(),
        "w - /nonexistent\n".to_owned(),
        format!("w ? {}\n", root.display()),
    ] {
        project.write(
            ".smslint_cache/project-index",
            format!("{header}\n{body}f - {}/campaigns/c.yaml\n", root.display()),
        );
        assert_eq!(one_file(&project, &[]), ["opt-out/missing"], "{body}");
    }
}

#[test]
fn the_cache_folder_keeps_itself_out_of_commits_and_is_optional() {
    let project = indexed_project();
    let cache = project.path().join(".smslint_cache");
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
    assert!(cache.join("CACHEDIR.TAG").is_file());
    // `--no-cache` neither reads nor writes it.
    let other = Project::new();
    other
        .write(".git/HEAD", "ref: refs/heads/main\n")
        .write("sms/a.txt", TEMPLATE);
    assert!(one_file(&other, &["--no-cache"]).is_empty());
    assert!(!other.path().join(".smslint_cache").exists());
    // A loose folder (no repository, no config) gets no cache folder.
    let loose = Project::new();
    loose.write("sms/a.txt", TEMPLATE);
    assert!(one_file(&loose, &[]).is_empty());
    assert!(!loose.path().join(".smslint_cache").exists());
}

/// `campaigns:` in the config says where the campaign files are: a one-file
/// run reads them there (no walk of the project, no index written), a
/// campaign elsewhere governs nothing, and the verdict is the one a
/// whole-project run gives; an edit to a declared campaign is seen at once.
#[test]
fn declared_campaign_locations_replace_the_search_and_keep_the_verdict() {
    let project = Project::new();
    project
        .write(".git/HEAD", "ref: refs/heads/main\n")
        .write("smslint.yaml", "campaigns: [\"registrations/*.yaml\"]\n")
        .write("sms/a.txt", TEMPLATE)
        .write("registrations/transactional.yaml", NOT_A_CAMPAIGN)
        // A campaign outside the declared place: it would make the
        // template marketing, and must not.
        .write("old/stray.yaml", MARKETING);
    let one = |project: &Project| project.report(&["sms/a.txt"]).rules_for("sms/a.txt");
    let whole = |project: &Project| project.report(&["."]).rules_for("sms/a.txt");
    assert!(one(&project).is_empty());
    assert!(whole(&project).is_empty());
    // The stray campaign is told it governs nothing.
    let report = project.report(&["."]);
    assert!(report
        .rules_for("old/stray.yaml")
        .contains(&"campaign/undeclared".to_owned()));
    let said = report
        .diagnostics()
        .iter()
        .find(|d| d["rule"] == "campaign/undeclared")
        .map(|d| d["label"].as_str().unwrap_or_default().to_owned());
    assert_eq!(
        said.as_deref(),
        Some("the config declares campaigns at `registrations/*.yaml`")
    );
    assert!(
        !project.path().join(".smslint_cache").exists(),
        "a declared location needs no project index"
    );
    // Without the declaration the stray campaign governs it: the test
    // above can fail.
    project.write("smslint.yaml", "brand: Acme\n");
    assert_eq!(one(&project), ["opt-out/missing"]);

    project.write("smslint.yaml", "campaigns: [\"registrations/*.yaml\"]\n");
    project.write("registrations/transactional.yaml", MARKETING);
    assert_eq!(one(&project), ["opt-out/missing"]);
    assert_eq!(whole(&project), ["opt-out/missing"]);
}

/// Declared places are read from wherever the run starts: a folder named
/// on the command line, a config that inherits the declaration, a glob
/// that climbs out with `..`, a declared folder the `.gitignore` names;
/// an absolute glob is an error at the glob.
#[test]
fn declared_campaigns_give_one_verdict_from_every_starting_point() {
    let project = Project::new();
    project
        .write(".git/HEAD", "ref: refs/heads/main\n")
        .write("smslint.yaml", "campaigns: [\"registrations/*.yaml\"]\n")
        .write("app/smslint.yaml", "extend-config: ../smslint.yaml\n")
        .write("app/sms/a.txt", TEMPLATE)
        .write(
            "registrations/m.yaml",
            MARKETING.replace("../sms", "../app/sms"),
        );
    let verdict =
        |project: &Project, args: &[&str]| project.report(args).rules_for("app/sms/a.txt");
    for args in [&["app/sms/a.txt"][..], &["app"], &["."]] {
        assert_eq!(verdict(&project, args), ["opt-out/missing"], "{args:?}");
    }
    project.write(".gitignore", "registrations/\n");
    for args in [&["app/sms/a.txt"][..], &["."]] {
        assert_eq!(verdict(&project, args), ["opt-out/missing"], "{args:?}");
    }
    std::fs::remove_file(project.path().join(".gitignore")).unwrap();

    std::fs::remove_file(project.path().join("smslint.yaml")).unwrap();
    std::fs::remove_file(project.path().join("app/smslint.yaml")).unwrap();
    project.write(
        "cfg/smslint.yaml",
        "campaigns: [\"../registrations/*.yaml\"]\n",
    );
    for args in [&["app/sms/a.txt"][..], &["."]] {
        let mut args = args.to_vec();
        args.extend(["--config", "cfg/smslint.yaml"]);
        assert_eq!(verdict(&project, &args), ["opt-out/missing"], "{args:?}");
    }

    let absolute = format!(
        "campaigns: [\"{}/registrations/*.yaml\"]\n",
        project.path().display()
    );
    project.write("cfg/smslint.yaml", &absolute);
    let run = project.smslint(&["check", "--config", "cfg/smslint.yaml", "app/sms/a.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not absolute"), "{}", run.stderr);
}

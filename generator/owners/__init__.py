"""Who may change what: the owners of each record, checked on a diff and written as CODEOWNERS.

    snapshot.py    the project's files at a git revision or in the working tree (git via subprocess)
    records.py     what each source file says about ownership: kind, id, region, units, owners
    rules.py       the owners of a record or a path, from one snapshot's settings
    changes.py     `portal check --since REV --as NAME`: every changed record NAME does not own
    codeowners.py  `portal owners`: the same rules as a CODEOWNERS file for GitHub, GitLab or Gitea

The rules (README “谁能修改什么”):
- the portal's editors (campaigns.yaml `site.editors`) may change everything;
- a region's owners (content/regions/<id>.yaml `owners`) may change the region file (but not who
  owns it: an `owners` list is changed by the portal's editors) and every campaign, station,
  exemplar story and news post whose `region:` is that region;
- a unit's owners (a unit's `owners` in its region file) may also change the stations it runs
  (`operator`) and the campaigns it hosts or leads (`hosts`, `leads`);
- a new photo or attachment, and new lines in published-urls.txt, may come from anyone who owns
  something; changing or deleting an existing one, campaigns.yaml and everything outside content/
  (theme, templates, mkdocs.yml, the generator, scripts, deploy) need the portal's editors.
A change must be allowed both before and after it: moving a record to another region needs the
owners of both.  The rules are always read from the base revision, so a change cannot grant itself.
"""

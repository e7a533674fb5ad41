{{%AUTOESCAPE context="HTML"}}
{{!
  admin-form.tpl: the edit form of any record. Each FIELD shows one of
  the kind sections INPUT, TEXTAREA, SELECT, PAGE_PATH (a page by its
  path, on large sites), CHECKBOX, OWNER, FIXED (set by the program: an
  upload's type); FILES, beside a Markdown body, the library's files
  (FILE: LABEL, SNIPPET, the Markdown that inserts it), a list to copy
  from and, with admin.js, a picker that inserts; LABELLED
  gives it its label, with the error (if any) inside the label so that
  screen readers announce it with the field. Textareas use :pre_escape,
  which escapes like the default but keeps line breaks. LINKED lists
  what leads visitors to a record about to be unpublished, and adds the
  button that goes ahead.
  DRAFT: the form shows the record's draft, not its live values (who
  saved it, when; JUST_SAVED after a save; LIVE the live values), with
  its own forms to publish or discard it; DRAFTS: the kind takes drafts,
  so the form has a "Save draft" button (a plain submit button: no
  JavaScript needed). DISCARDED: a draft was just discarded. LINKS (a
  page's draft): make a private preview link, revoke those that work.
  DRAFT_SHOWN: the form holds the draft's values (shown, or sent from a
  form that showed it), so that saving them drops the draft.
  SCHEDULE (with DRAFTS): the go-live time, in the site's time zone (a
  save with one keeps the values as a draft that goes live then);
  SCHEDULED: the draft shown goes live at GO_LIVE; SCHEDULE_FAILED: its
  scheduled publishing failed, and WHY. DATETIME: a field that is a
  time (LOCAL, as the datetime-local input takes it). OPEN_ELSEWHERE:
  other users had this form open lately (PERSON: WHO, AT; admin.js
  notes it).
  SAVE: the user's role saves the form live (a contributor only a new
  page, unpublished); CAN_PUBLISH: it publishes a draft.
  Review (with DRAFTS, "Submit for review" saves the draft and submits
  it): IN_REVIEW, the draft waits in the editors' queue (WHO submitted
  it, AT; SUBMITTED_NOW just after); REVIEW, an editor's comment box
  (COMMENT, ERROR) with Publish (/admin/draft) and Send back
  (/admin/review); SENT_BACK, an editor sent it back (WHO, AT, COMMENT;
  TO_ME: to the user signed in); NOT_IN_REVIEW: the draft is not
  waiting for review, so its own form publishes it.
  BROKEN_LINKS: the save held links to addresses of this site with no
  published page (LINK: URL, WHY; MORE: COUNT not listed), so it was
  KEPT_AS_DRAFT, or (a new record) NOT_SAVED; the Save button's
  neighbour saves anyway (SAVE_ANYWAY: confirm_links=1). Or a draft
  about to be published holds them: NOT_PUBLISHED, with PUBLISH_ANYWAY,
  the form that publishes it still (confirm_links=1, its COMMENT kept).
}}
<h1>{{HEADING}}</h1>
{{#ERRORS}}<div class="error-summary" role="alert">
<h2>Please correct the fields below</h2>
<ul>
{{#ITEM}}<li><a href="#f-{{NAME}}">{{LABEL}}: {{MESSAGE}}</a></li>
{{/ITEM}}</ul>
</div>
{{/ERRORS}}
{{#NOTE}}<div class="note" role="status"><p>{{TEXT}}</p></div>
{{/NOTE}}{{#BROKEN_LINKS}}<div class="note links-warning broken-links" role="alert">
<p>{{#KEPT_AS_DRAFT}}Saved as a draft, not live: {{/KEPT_AS_DRAFT}}{{#NOT_SAVED}}Not saved yet: {{/NOT_SAVED}}{{#NOT_PUBLISHED}}Not published yet: {{/NOT_PUBLISHED}}this {{ENTITY}}{{#NOT_PUBLISHED}}'s draft{{/NOT_PUBLISHED}} links to addresses of this site where visitors find no page.</p>
<ul>
{{#LINK}}<li><code>{{URL}}</code>: {{WHY}}</li>
{{/LINK}}{{#MORE}}<li>and {{COUNT}} more</li>
{{/MORE}}</ul>
{{#SAVE_ANYWAY}}<p>Correct the links, or save anyway.</p>
{{/SAVE_ANYWAY}}{{#PUBLISH_ANYWAY}}<p>Correct the links in the draft below and save it, or publish it as it is.</p>
<form class="draft-actions" method="post" action="/admin/draft">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="id" value="{{ID}}">
<textarea name="comment" hidden>
{{COMMENT:pre_escape}}</textarea>
<input type="hidden" name="confirm_links" value="1">
<button type="submit" class="danger" name="do" value="publish">Publish anyway</button>
</form>
{{/PUBLISH_ANYWAY}}</div>
{{/BROKEN_LINKS}}{{#LINKED}}<div class="note links-warning" role="alert">
<p>Not saved yet: visitors reach this {{ENTITY}} at <a href="{{LIVE_URL}}">{{LIVE_URL}}</a> from the places below. Once it is unpublished, they lead to “Page not found”. Change them first, or unpublish anyway.</p>
<ul>
{{#LINK}}<li><a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">{{LABEL}}</a>: {{WHERE}}</li>
{{/LINK}}</ul>
</div>
{{/LINKED}}{{#RECENTLY_SAVED}}{{#BY_OTHER}}<div class="note" role="status"><p>{{WHO}} saved this {{ENTITY}} at <time datetime="{{AT_ISO}}">{{AT}}</time>, less than 15 minutes ago, and may still be working on it. If you both save, the second to save is shown both versions to compare.</p></div>
{{/BY_OTHER}}{{/RECENTLY_SAVED}}{{#OPEN_ELSEWHERE}}<div class="note" role="status"><p>Also editing this {{ENTITY}}: {{#PERSON}}{{WHO}} (form open at <time datetime="{{AT_ISO}}">{{AT}}</time>){{#PERSON_separator}}, {{/PERSON_separator}}{{/PERSON}}, in the last 15 minutes. Whoever saves second is shown both versions, and what does not clash is merged.</p></div>
{{/OPEN_ELSEWHERE}}{{#DISCARDED}}<div class="note" role="status" data-change-done><p>Draft discarded. The form shows the live version.</p></div>
{{/DISCARDED}}{{#DRAFT}}<div class="note draft-note"{{#JUST_SAVED}} data-change-done{{/JUST_SAVED}}>
<p role="status">{{#JUST_SAVED}}<strong>Draft saved, not live.</strong> {{/JUST_SAVED}}This form shows a draft saved by {{WHO}} at <time datetime="{{AT_ISO}}">{{AT}}</time>; visitors still see the live version. Save makes the form's values live and drops the draft; Save draft keeps them as the draft.</p>
{{#SCHEDULED}}<p class="scheduled"><strong>Scheduled:</strong> this draft goes live by itself at <time datetime="{{GO_LIVE_ISO}}">{{GO_LIVE}}</time>. To cancel, empty “Go live at” below and save the draft again.</p>
{{/SCHEDULED}}{{#SCHEDULE_FAILED}}<p class="schedule-failed" role="alert"><strong>Not published as scheduled:</strong> {{WHY}} The draft is kept: check it, then publish it or schedule it again.</p>
{{/SCHEDULE_FAILED}}{{#IN_REVIEW}}<p class="review-state"{{#SUBMITTED_NOW}} data-change-done{{/SUBMITTED_NOW}}>{{#SUBMITTED_NOW}}<strong>Submitted for review.</strong> {{/SUBMITTED_NOW}}<strong>In review:</strong> submitted by {{WHO}} at <time datetime="{{AT_ISO}}">{{AT}}</time>. Editors see it on their dashboard, under “Awaiting review”; saving the draft again keeps it there, and an editor publishes the draft as it is then.</p>
{{/IN_REVIEW}}{{#SENT_BACK}}<div class="review-comment" role="status">
<p><strong>Sent back{{#TO_ME}} to you{{/TO_ME}}</strong> by {{WHO}} at <time datetime="{{AT_ISO}}">{{AT}}</time>:</p>
<blockquote><p>{{COMMENT:pre_escape}}</p></blockquote>
<p>Change the draft, then submit it for review again.</p>
</div>
{{/SENT_BACK}}{{#REVIEW}}<form class="review-form" method="post" action="/admin/review">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="id" value="{{ID}}">
<div class="field{{#ERROR}} field--error{{/ERROR}}">
<label for="review-comment">Comment for {{WHO}}{{#ERROR}}
<span class="field-error"><span class="visually-hidden">Error:</span> {{MESSAGE}}</span>{{/ERROR}}</label>
<p class="hint" id="h-review-comment">Required to send the draft back, optional when publishing it; kept in the history. At most 2000 characters.</p>
<textarea id="review-comment" name="comment" rows="3" maxlength="2000" aria-describedby="h-review-comment"{{#ERROR}} aria-invalid="true"{{/ERROR}}>
{{COMMENT:pre_escape}}</textarea>
</div>
<button type="submit" formaction="/admin/draft" name="do" value="publish">Publish draft</button>
<button type="submit" class="secondary" name="do" value="send_back">Send back to {{WHO}}</button>
</form>
{{/REVIEW}}
<form class="draft-actions" method="post" action="/admin/draft">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="id" value="{{ID}}">
{{#NOT_IN_REVIEW}}{{#CAN_PUBLISH}}<button type="submit" name="do" value="publish">Publish draft</button>
{{/CAN_PUBLISH}}{{/NOT_IN_REVIEW}}<button type="submit" class="secondary" name="do" value="discard">Discard draft</button>
</form>
{{#LINKS}}<form class="draft-actions" method="post" action="/admin/preview-link">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="id" value="{{ID}}">
<input type="hidden" name="do" value="make">
<label for="preview-hours">A private preview link for a reviewer, working for</label>
<select id="preview-hours" name="hours">
{{#LIFETIME}}<option value="{{HOURS}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>
{{/LIFETIME}}</select>
<button type="submit" class="secondary">Make a preview link</button>
</form>
{{#LINK}}<form class="draft-actions" method="post" action="/admin/preview-link">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="id" value="{{ID}}">
<input type="hidden" name="do" value="revoke">
<input type="hidden" name="link" value="{{LINK_ID}}">
<p>A preview link made by {{WHO}} works until <time datetime="{{UNTIL_ISO}}">{{UNTIL}}</time>.</p>
<button type="submit" class="secondary">Revoke<span class="visually-hidden"> the link that works until {{UNTIL}}</span></button>
</form>
{{/LINK}}{{/LINKS}}<details class="live-values"><summary>The live version</summary>
<dl>{{#LIVE}}<dt>{{LABEL}}</dt><dd><pre>{{VALUE:pre_escape}}</pre></dd>
{{/LIVE}}</dl>
</details>
</div>
{{/DRAFT}}<form class="admin-form" method="post" action="/admin/edit">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="id" value="{{ID}}">
<input type="hidden" name="version" value="{{VERSION}}">
{{#DRAFT_SHOWN}}<input type="hidden" name="draft_shown" value="1">
{{/DRAFT_SHOWN}}{{#FIELD}}<div class="field{{#ERROR}} field--error{{/ERROR}}">
{{#LABELLED}}<label for="f-{{NAME}}">{{LABEL}}{{#REQUIRED}} <span class="required">(required)</span>{{/REQUIRED}}{{#ERROR}}
<span class="field-error"><span class="visually-hidden">Error:</span> {{MESSAGE}}</span>{{/ERROR}}</label>
{{#HINT}}<p class="hint" id="h-{{NAME}}">{{TEXT}}</p>
{{/HINT}}{{/LABELLED}}
{{#INPUT}}<input id="f-{{NAME}}" name="{{NAME}}" type="text" value="{{VALUE}}" maxlength="{{MAXLENGTH}}"{{#HINT}} aria-describedby="h-{{NAME}}"{{/HINT}}{{#ERROR}} aria-invalid="true"{{/ERROR}}>
{{/INPUT}}
{{#TEXTAREA}}<textarea id="f-{{NAME}}" name="{{NAME}}" rows="{{ROWS}}"{{#HINT}} aria-describedby="h-{{NAME}}"{{/HINT}}{{#ERROR}} aria-invalid="true"{{/ERROR}}>
{{VALUE:pre_escape}}</textarea>
{{/TEXTAREA}}{{#FILES}}<details class="insert-file">
<summary>Insert a file from the library</summary>
<div class="insert-file-pick"><label for="insert-{{NAME}}">File</label>
<select id="insert-{{NAME}}" data-insert-into="f-{{NAME}}">{{#FILE}}<option value="{{SNIPPET}}">{{LABEL}}</option>
{{/FILE}}</select>
<button type="button" class="secondary" data-insert-from="insert-{{NAME}}" hidden>Insert</button></div>
<p class="hint">Or copy its line into the text, where it should show:</p>
<ul class="file-snippets">{{#FILE}}<li>{{LABEL}}: <code>{{SNIPPET}}</code></li>
{{/FILE}}</ul>
</details>
{{/FILES}}
{{#SELECT}}<select id="f-{{NAME}}" name="{{NAME}}"{{#HINT}} aria-describedby="h-{{NAME}}"{{/HINT}}{{#ERROR}} aria-invalid="true"{{/ERROR}}>
{{#EMPTY}}<option value="">{{TEXT}}</option>
{{/EMPTY}}{{#OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>
{{/OPTION}}</select>
{{/SELECT}}
{{#PAGE_PATH}}<input id="f-{{NAME}}" name="{{NAME}}" type="text" value="{{PATH}}" maxlength="200" placeholder="/path/of/the/page/" aria-describedby="{{#HINT}}h-{{NAME}} {{/HINT}}p-{{NAME}}"{{#ERROR}} aria-invalid="true"{{/ERROR}}>
<p class="hint" id="p-{{NAME}}">The page's path on this site. <a href="/admin/pages" target="_blank">Find a page (opens a new tab)</a></p>
{{/PAGE_PATH}}
{{#DATETIME}}<input id="f-{{NAME}}" name="{{NAME}}" type="datetime-local" value="{{LOCAL}}"{{#HINT}} aria-describedby="h-{{NAME}}"{{/HINT}}{{#ERROR}} aria-invalid="true"{{/ERROR}}>
{{/DATETIME}}
{{#CHECKBOX}}<input id="f-{{NAME}}" name="{{NAME}}" type="checkbox" value="1"{{#CHECKED}} checked{{/CHECKED}}>
<label class="checkbox-label" for="f-{{NAME}}">{{LABEL}}</label>
{{/CHECKBOX}}
{{#OWNER}}<p class="owner">{{LABEL}}: {{TITLE}}</p>
<input type="hidden" name="{{NAME}}" value="{{VALUE}}">
{{/OWNER}}{{#FIXED}}<p class="owner">{{LABEL}}: {{VALUE}}</p>
<input type="hidden" name="{{NAME}}" value="{{VALUE}}">
{{/FIXED}}
</div>
{{/FIELD}}
{{#SCHEDULE}}<div class="field{{#ERROR}} field--error{{/ERROR}}">
<label for="f-go_live_at">Go live at{{#ERROR}}
<span class="field-error"><span class="visually-hidden">Error:</span> {{MESSAGE}}</span>{{/ERROR}}</label>
<p class="hint" id="h-go_live_at">Optional, in the site's time zone ({{TIME_ZONE}}). Saving with a time keeps your changes as a draft, not live, that goes live by itself at that time, within a minute; visitors see the live version until then.</p>
<input id="f-go_live_at" name="go_live_at" type="datetime-local" value="{{LOCAL}}" aria-describedby="h-go_live_at"{{#ERROR}} aria-invalid="true"{{/ERROR}}>
</div>
{{/SCHEDULE}}<div class="form-actions">
{{#SAVE}}<button type="submit">Save</button>
{{#BROKEN_LINKS}}{{#SAVE_ANYWAY}}<button type="submit" name="confirm_links" value="1" class="danger">Save anyway</button>
{{/SAVE_ANYWAY}}{{/BROKEN_LINKS}}{{#LINKED}}<button type="submit" name="confirm_unpublish" value="1" class="danger">Unpublish anyway</button>
{{/LINKED}}{{/SAVE}}{{#DRAFTS}}<button type="submit" class="secondary" name="action" value="draft">Save draft</button>
<button type="submit" class="secondary" name="action" value="submit">Submit for review</button>
{{/DRAFTS}}{{#PREVIEW}}<button type="submit" class="secondary" formaction="/admin/preview" formtarget="_blank">Preview</button>
{{/PREVIEW}}<a href="{{BACK_URL}}">Cancel</a>
</div>
</form>
{{#EXISTING}}<p class="record-links"><a href="/admin/history?type={{TYPE}}&amp;id={{ID}}">History of this {{ENTITY}}</a></p>
{{/EXISTING}}

{{%AUTOESCAPE context="HTML"}}
{{! admin-bulk.tpl: a bulk action on the records ticked in a list.
    ASK: what will change (CHANGE) and what will not, and why (SKIP),
    with the one form that confirms it; NOTHING: none of them can take
    the action. RESULT: what was done (DONE) and what was refused, and
    why (REFUSED); PUBLISH_FAILED: the changes are saved, but the pages
    they touched could not be rendered again; UNPURGED: these CACHES did
    not confirm that they dropped the old versions. }}
<h1>{{HEADING}}</h1>
{{#ASK}}<p class="message">This will {{DO}} each of these, one at a time, each with its own entry in its history:</p>
<ul class="bulk-list bulk-change">{{#CHANGE}}<li>{{LABEL}}</li>
{{/CHANGE}}</ul>
{{/ASK}}{{#NOTHING}}<p class="message">None of the records ticked can take this action.</p>
{{/NOTHING}}{{#SKIPS}}<h2>Left as they are ({{N}})</h2>
<ul class="bulk-list bulk-skip">{{#SKIP}}<li>{{LABEL}}: {{WHY}}</li>
{{/SKIP}}</ul>
{{/SKIPS}}{{#ASK}}<form method="post" action="/admin/bulk">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="do" value="{{DO}}">
<input type="hidden" name="back" value="{{BACK}}">
<input type="hidden" name="confirm" value="1">
{{#CHANGE}}<input type="hidden" name="item" value="{{ITEM}}">
{{/CHANGE}}<button type="submit"{{#DELETING}} class="danger"{{/DELETING}}>{{BUTTON}}</button>
<a href="{{BACK}}">Cancel</a>
</form>
{{/ASK}}{{#RESULT}}{{#PUBLISH_FAILED}}<p class="message">These changes are saved, but the published pages could not be written (the server log says why). Until they are, the site serves every page straight from the database, so visitors see the changes. The next save, or 'runningcode publish', writes them again.</p>
{{/PUBLISH_FAILED}}{{#UNPURGED}}<p class="message">These caches did not confirm that they dropped the old versions: {{CACHES}}. They may show them until 'runningcode purge --retry' reaches them (the runningcode-purge timer runs it every minute).</p>
{{/UNPURGED}}<ul class="bulk-list bulk-done">{{#DONE}}<li>{{LABEL}}</li>
{{/DONE}}</ul>
{{#REFUSALS}}<h2>Refused ({{N}})</h2>
<ul class="bulk-list bulk-refused">{{#REFUSED}}<li>{{LABEL}}: {{WHY}}</li>
{{/REFUSED}}</ul>
{{/REFUSALS}}<p><a href="{{BACK}}">Back to the list</a></p>
{{/RESULT}}{{#NOTHING}}<p><a href="{{BACK}}">Back to the list</a></p>
{{/NOTHING}}

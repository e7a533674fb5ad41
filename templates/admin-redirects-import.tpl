{{%AUTOESCAPE context="HTML"}}
{{! admin-redirects-import.tpl: the redirect list pasted as CSV
    (admin-redirects.c). ERRORS: the import was refused, nothing saved:
    WHY a sentence, LINE each wrong line (NUMBER, MESSAGE), FILE what is
    wrong with the whole text, MORE the wrong lines not listed. CSV: the
    text as sent. }}
<h1>Import redirects</h1>
{{#ERRORS}}<div class="error-summary" role="alert">
<h2>Nothing was imported</h2>
{{#WHY}}<p>{{TEXT}}</p>
{{/WHY}}<ul id="import-errors">
{{#FILE}}<li>{{MESSAGE}}</li>
{{/FILE}}{{#LINE}}<li><a href="#f-csv">Line {{NUMBER}}</a>: {{MESSAGE}}</li>
{{/LINE}}{{#MORE}}<li>and {{COUNT}} more wrong lines</li>
{{/MORE}}</ul>
<p>Correct these lines and import again: either every line is imported, or none.</p>
</div>
{{/ERRORS}}<p>Paste the list as CSV, one redirect a line: the old path, the path (or the full address on this site) of the page it leads to, and the status, 301 or empty. A first line <code>old_path,new_path,status</code> is skipped. A redirect already at an old path is replaced. <a href="/admin/redirects.csv">Export the list</a> to see the format.</p>
<form method="post" action="/admin/redirects/import">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<p><label for="f-csv">Redirects (CSV)</label>
<textarea id="f-csv" name="csv" rows="16" maxlength="{{MAXLENGTH}}" required>{{CSV:pre_escape}}</textarea></p>
<p><button type="submit">Import</button> <a href="/admin/redirects">Cancel</a></p>
</form>

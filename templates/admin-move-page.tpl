{{%AUTOESCAPE context="HTML"}}
{{! admin-move-page.tpl: "Move under…": the page to move, the pages
    that move along, the new parent to choose (FIELD: a list of pages,
    or the path typed on a large site), and why a move was refused. }}
<h1>Move “{{TITLE}}”</h1>
{{#ERROR}}<div class="error-summary" role="alert" tabindex="-1"><h2>Not moved</h2><p>{{TEXT}}</p></div>
{{/ERROR}}<p>It is at <a class="path" href="{{PATH}}">{{PATH}}</a>.{{#BELOW}} {{TEXT}}{{/BELOW}}
Every old address will redirect to the new one, and menus and programs follow the page.</p>
<form method="post" action="/admin/move-page">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="id" value="{{ID}}">
<input type="hidden" name="version" value="{{VERSION}}">
{{#FIELD}}<p><label for="f-{{NAME}}">New parent page</label>
{{#SELECT}}<select id="f-{{NAME}}" name="{{NAME}}">
{{#EMPTY}}<option value="">{{TEXT}}</option>
{{/EMPTY}}{{#OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{TEXT}}</option>
{{/OPTION}}</select>
{{/SELECT}}{{#PAGE_PATH}}<input id="f-{{NAME}}" name="{{NAME}}" type="text" value="{{PATH}}" maxlength="200" placeholder="/path/of/the/parent/">
{{/PAGE_PATH}}</p>
{{/FIELD}}<button type="submit">Move</button>
<a href="/admin/pages">Cancel</a>
</form>

{{%AUTOESCAPE context="HTML"}}
{{! admin-bulk-bar.tpl: a list's bulk action, for the records ticked:
    their checkboxes (admin-row.tpl's SELECTABLE, the page list's) belong
    to this form by its id, so the list may hold forms of its own.
    /admin/bulk asks before it changes anything. }}
<form id="bulk-form" class="bulk-bar" method="post" action="/admin/bulk">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="back" value="{{BACK}}">
<label for="bulk-do">With those ticked</label>
<select id="bulk-do" name="do">{{#PUBLISHABLE}}<option value="publish">Publish</option><option value="unpublish">Unpublish</option>{{/PUBLISHABLE}}{{#DELETABLE}}<option value="delete">Delete</option>{{/DELETABLE}}</select>
<button type="submit">Review the change</button>
</form>

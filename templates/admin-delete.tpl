{{%AUTOESCAPE context="HTML"}}
{{! admin-delete.tpl: asks before deleting. }}
<h1>Delete this {{ENTITY}}?</h1>
<p class="message">“{{LABEL}}” will be deleted. You can restore it later from Recently deleted.</p>
<form method="post" action="/admin/delete">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="id" value="{{ID}}">
<input type="hidden" name="version" value="{{VERSION}}">
<button type="submit" class="danger">Delete</button>
<a href="{{BACK_URL}}">Cancel</a>
</form>

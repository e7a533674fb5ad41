{{%AUTOESCAPE context="HTML"}}
{{! admin-delete.tpl: asks before deleting; USED lists the places that
    use the record (a file's address in pages' text), and the form then
    says the editor saw them (confirm_in_use). }}
<h1>Delete this {{ENTITY}}?</h1>
<p class="message">“{{LABEL}}” will be deleted. You can restore it later from Recently deleted.</p>
{{#USED}}<div class="note links-warning" role="alert">
<p>This {{ENTITY}} is used in these places, which will then lead nowhere. Change them first, or delete anyway.</p>
<ul>
{{#LINK}}<li><a href="/admin/edit?type={{TYPE}}&amp;id={{ID}}">{{LABEL}}</a>: {{WHERE}}</li>
{{/LINK}}</ul>
</div>
{{/USED}}<form method="post" action="/admin/delete">
<input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
<input type="hidden" name="type" value="{{TYPE}}">
<input type="hidden" name="id" value="{{ID}}">
<input type="hidden" name="version" value="{{VERSION}}">
{{#USED}}<input type="hidden" name="confirm_in_use" value="1">
{{/USED}}<button type="submit" class="danger">{{#USED}}Delete anyway{{/USED}}{{#UNUSED}}Delete{{/UNUSED}}</button>
<a href="{{BACK_URL}}">Cancel</a>
</form>

# One CloudWatch metric alarm per entry of var.alarms, every one notifying the same topic: the
# lambda, step_functions and eventbridge modules describe their alarms as data and call this module,
# so notification, tagging and defaults live in one place.
resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = var.alarms

  alarm_name          = "${var.name_prefix}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = each.value.extended_statistic == null ? each.value.statistic : null
  extended_statistic  = each.value.extended_statistic
  period              = each.value.period
  evaluation_periods  = each.value.evaluation_periods
  datapoints_to_alarm = each.value.datapoints_to_alarm
  threshold           = each.value.threshold
  comparison_operator = each.value.comparison_operator
  treat_missing_data  = each.value.treat_missing_data
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = each.value.notify_ok ? [var.alarm_topic_arn] : []
  tags                = var.tags
}

; Fold blocks, flow bodies and multi-line lists.
[
  (block)
  (flow_body)
  (list)
  (target_list)
] @fold

# The loss settings HeteroAKD was first shipped with, for the fix-chain configs
# (heteroakd-fixes<k>_*, README "Fixes one after another"), which undo the fixes one at a time.
# Scales: BCE summed over the K classes, loss_hetero and loss_proj_S at weight 1.
heteroakd_summed_bce = dict(
    loss_hetero=dict(class_reduction='sum', loss_weight=1.0),
    loss_proj_S=dict(class_reduction='sum', loss_weight=1.0),
    loss_proj_T=dict(class_reduction='sum'))
# Label grid: nearest sampling (each cell's top-left pixel) in every label-consuming loss.
heteroakd_nearest_labels = dict(
    loss_hetero=dict(label_resize='nearest'),
    loss_kd=dict(label_resize='nearest'),
    loss_proj_S=dict(label_resize='nearest'),
    loss_proj_T=dict(label_resize='nearest'))

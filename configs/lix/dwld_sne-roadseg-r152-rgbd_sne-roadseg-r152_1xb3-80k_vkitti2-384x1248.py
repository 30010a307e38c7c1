# DWLD only: SNE-RoadSeg-like RGB-D teacher -> RGB student on vKITTI2 (Table I).
_base_ = ['./lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb3-80k_vkitti2-384x1248.py']
model = dict(distiller=dict(
    _delete_=True,
    type='LabelAwareDistiller',
    student_recorders=dict(logits=_base_.logits),
    teacher_recorders=dict(logits=_base_.logits),
    distill_losses=dict(loss_dwld=_base_.model.distiller.distill_losses.loss_dwld),
    loss_forward_mappings=_base_.dwld_mapping))

# ARFD only: SNE-RoadSeg-like RGB-D teacher -> RGB student on vKITTI2 (Table I).
_base_ = ['./lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb3-80k_vkitti2-384x1248.py']
model = dict(distiller=dict(
    _delete_=True,
    type='LabelAwareDistiller',
    student_recorders=_base_.arfd_student_recorders,
    teacher_recorders=_base_.arfd_teacher_recorders,
    connectors=_base_.model.distiller.connectors,
    distill_losses=_base_.arfd,
    loss_forward_mappings=_base_.arfd_mapping))

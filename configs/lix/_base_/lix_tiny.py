# LIX on the tiny pair: RGB-D DeepLabV3-R18w32 teacher -> RGB PSPNet-R18w16 student.
# L = L_H + lambda_L * DWLD(logits) + lambda_F * sum_n ARFD(stage n), Eq. (18).
_base_ = [
    '../../tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py',
    'offline_street_rgbd.py', 'lix_pair.py'
]
train_dataloader = dict(dataset=dict(
    data_prefix=_base_.rgbd_train_prefix, pipeline=_base_.rgbd_train_pipeline))
val_dataloader = dict(dataset=dict(
    data_prefix=_base_.rgbd_val_prefix, pipeline=_base_.rgbd_test_pipeline))
test_dataloader = val_dataloader
val_evaluator = _base_.lix_evaluator
test_evaluator = val_evaluator
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)

teacher_cfg = 'mmkd_ext::lix/deeplabv3_r18w32-rgbd-tiny_1xb8-300_offline-street-128x256.py'
teacher_ckpt = 'work_dirs/deeplabv3_r18w32-rgbd-tiny_1xb8-300_offline-street-128x256/iter_300.pth'
num_classes = 10
dwld = dict(
    loss_dwld=dict(type='DWLDLoss', num_classes=num_classes, tau=1.0, alpha=1.0,
                   loss_weight=_base_.lambda_l))
# Eq. (12) aligners of the student to the teacher's widths; the teacher-side aligners are
# used by the C x C reading of Eq. (15)-(16) only (`arfd_channel` in lix_pair.py).
arfd_connectors = dict(
    align_s3=dict(type='ARFDAligner', in_channels=64, out_channels=128),
    align_s4=dict(type='ARFDAligner', in_channels=128, out_channels=256))
arfd_teacher_aligners = dict(
    align_t3=dict(type='ARFDAligner', in_channels=128, out_channels=128),
    align_t4=dict(type='ARFDAligner', in_channels=256, out_channels=256))
# lambda_F from the step-0 gradient rule: with the trained RGB-D teacher the two pixel-CKA
# terms pull 0.34x and 0.41x the student's CE gradient at 1, so about 1x together at 1.3.
arfd_tiny = dict(
    loss_arfd_s3=dict(_base_.arfd.loss_arfd_s3, loss_weight=1.3),
    loss_arfd_s4=dict(_base_.arfd.loss_arfd_s4, loss_weight=1.3))

model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='CrossModalDistill',
    img_channels=3,
    data_preprocessor=dict(_base_.rgbd_data_preprocessor, type='mmseg.RGBXDataPreProcessor'),
    architecture=_base_.model,
    teacher=dict(cfg_path=teacher_cfg, pretrained=False),
    teacher_ckpt=teacher_ckpt,
    distiller=dict(
        type='LabelAwareDistiller',
        student_recorders=dict(logits=_base_.logits, **_base_.arfd_student_recorders),
        teacher_recorders=dict(logits=_base_.logits, **_base_.arfd_teacher_recorders),
        connectors=arfd_connectors,
        distill_losses=dict(**dwld, **arfd_tiny),
        loss_forward_mappings=dict(**_base_.dwld_mapping, **_base_.arfd_mapping)))

find_unused_parameters = True
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')

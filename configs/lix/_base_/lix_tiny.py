# LIX on the tiny pair: RGB-D DeepLabV3-R18w32 teacher -> RGB PSPNet-R18w16 student.
# L = L_H + lambda_L * DWLD(logits) + lambda_F * sum_n ARFD(stage n), Eq. (18).
_base_ = [
    '../../tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py',
    'offline_street_rgbd.py'
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
lambda_l, lambda_f = 1.0, 1.0
num_classes = 10

logits = dict(type='ModuleOutputs', source='decode_head.conv_seg')
labels = dict(from_data='gt_sem_seg', resize_as=dict(recorder='logits', from_student=True))
dwld = dict(
    loss_dwld=dict(type='DWLDLoss', num_classes=num_classes, tau=1.0, alpha=1.0,
                   loss_weight=lambda_l))
dwld_mapping = dict(
    loss_dwld=dict(
        preds_S=dict(from_student=True, recorder='logits'),
        preds_T=dict(from_student=False, recorder='logits'),
        gt_labels=labels))
# ARFD on the last two stages (student backbone layer3/4; teacher fused maps).
arfd = dict(
    loss_arfd_s3=dict(type='ARFDLoss', kernel='laplace', consistency='cka',
                      loss_weight=lambda_f),
    loss_arfd_s4=dict(type='ARFDLoss', kernel='laplace', consistency='cka',
                      loss_weight=lambda_f))
arfd_mapping = dict(
    loss_arfd_s3=dict(
        preds_S=dict(from_student=True, recorder='s3', connector='align_s3'),
        preds_T=dict(from_student=False, recorder='s3', connector='align_t3')),
    loss_arfd_s4=dict(
        preds_S=dict(from_student=True, recorder='s4', connector='align_s4'),
        preds_T=dict(from_student=False, recorder='s4', connector='align_t4')))
arfd_student_recorders = dict(
    s3=dict(type='ModuleOutputs', source='backbone.layer3'),
    s4=dict(type='ModuleOutputs', source='backbone.layer4'))
arfd_teacher_recorders = dict(
    s3=dict(type='ModuleOutputs', source='fusions.2'),
    s4=dict(type='ModuleOutputs', source='fusions.3'))
# Eq. (12) aligners to the teacher's widths, on both sides as in the paper.
arfd_connectors = dict(
    align_s3=dict(type='ARFDAligner', in_channels=64, out_channels=128),
    align_s4=dict(type='ARFDAligner', in_channels=128, out_channels=256),
    align_t3=dict(type='ARFDAligner', in_channels=128, out_channels=128),
    align_t4=dict(type='ARFDAligner', in_channels=256, out_channels=256))

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
        student_recorders=dict(logits=logits, **arfd_student_recorders),
        teacher_recorders=dict(logits=logits, **arfd_teacher_recorders),
        connectors=arfd_connectors,
        distill_losses=dict(**dwld, **arfd),
        loss_forward_mappings=dict(**dwld_mapping, **arfd_mapping)))

find_unused_parameters = True
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')

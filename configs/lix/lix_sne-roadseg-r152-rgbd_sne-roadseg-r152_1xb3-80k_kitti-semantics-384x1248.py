# LIX (DWLD + ARFD): SNE-RoadSeg-like RGB-D teacher -> RGB student on KITTI Semantics (Table II).
_base_ = ['_base_/kitti_semantics_rgbd.py', '_base_/sne_roadseg_rgb.py', '_base_/lix_pair.py']
teacher_cfg = 'mmkd_ext::lix/sne-roadseg-r152-rgbd_1xb3-80k_kitti-semantics-384x1248.py'
teacher_ckpt = 'checkpoints/sne-roadseg-r152-rgbd_1xb3-80k_kitti-semantics-384x1248.pth'
widths_s, widths_t = (1024, 2048), (1024, 2048)  # student layer3/4, teacher fusions.2/3
model = dict(
    _delete_=True,
    _scope_='mmrazor',
    type='CrossModalDistill',
    img_channels=3,
    data_preprocessor=dict(_base_.rgbd_data_preprocessor, type='mmseg.RGBXDataPreProcessor'),
    architecture=dict(_base_.model, decode_head=dict(_base_.model.decode_head,
                                                     num_classes=_base_.num_classes)),
    teacher=dict(cfg_path=teacher_cfg, pretrained=False),
    teacher_ckpt=teacher_ckpt,
    distiller=dict(
        type='LabelAwareDistiller',
        student_recorders=dict(logits=_base_.logits, **_base_.arfd_student_recorders),
        teacher_recorders=dict(logits=_base_.logits, **_base_.arfd_teacher_recorders),
        connectors=dict(
            align_s3=dict(type='ARFDAligner', in_channels=widths_s[0], out_channels=widths_t[0]),
            align_s4=dict(type='ARFDAligner', in_channels=widths_s[1], out_channels=widths_t[1]),
            align_t3=dict(type='ARFDAligner', in_channels=widths_t[0], out_channels=widths_t[0]),
            align_t4=dict(type='ARFDAligner', in_channels=widths_t[1], out_channels=widths_t[1])),
        distill_losses=dict(
            loss_dwld=dict(type='DWLDLoss', num_classes=_base_.num_classes, tau=1.0, alpha=1.0,
                           loss_weight=_base_.lambda_l),
            **_base_.arfd),
        loss_forward_mappings=dict(**_base_.dwld_mapping, **_base_.arfd_mapping)))
find_unused_parameters = True
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')

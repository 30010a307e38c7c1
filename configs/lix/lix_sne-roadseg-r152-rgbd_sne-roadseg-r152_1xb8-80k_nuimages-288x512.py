# LIX (DWLD + ARFD): SNE-RoadSeg-like RGB-D teacher -> RGB student on nuImages (Table III).
_base_ = ['_base_/nuimages_rgbd.py', '_base_/lix_sne_roadseg.py']
model = dict(
    data_preprocessor=dict(_base_.rgbd_data_preprocessor, type='mmseg.RGBXDataPreProcessor'),
    architecture=dict(decode_head=dict(num_classes=_base_.num_classes)),
    teacher=dict(cfg_path='mmkd_ext::lix/sne-roadseg-r152-rgbd_1xb8-80k_nuimages-288x512.py'),
    teacher_ckpt='checkpoints/sne-roadseg-r152-rgbd_1xb8-80k_nuimages-288x512.pth',
    distiller=dict(distill_losses=dict(loss_dwld=dict(num_classes=_base_.num_classes))))
val_cfg = dict(_delete_=True, type='mmrazor.SingleTeacherDistillValLoop')

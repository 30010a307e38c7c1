# Tiny RGB-D fusion teacher (SNE-RoadSeg-like intermediate fusion): the tiny DeepLabV3-R18w32
# with a second ResNetV1c-18w32 encoder for depth, fused by summation after every stage.
_base_ = [
    '../tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py',
    '_base_/offline_street_rgbd.py'
]
train_dataloader = dict(dataset=dict(
    data_prefix=_base_.rgbd_train_prefix, pipeline=_base_.rgbd_train_pipeline))
val_dataloader = dict(dataset=dict(
    data_prefix=_base_.rgbd_val_prefix, pipeline=_base_.rgbd_test_pipeline))
test_dataloader = val_dataloader
val_evaluator = _base_.lix_evaluator
test_evaluator = val_evaluator
custom_imports = dict(imports=['mmkd_ext'], allow_failed_imports=False)
model = dict(
    type='RGBXFusionEncoderDecoder',
    data_preprocessor=_base_.rgbd_data_preprocessor,
    fusion='intermediate',
    x_backbone=dict(_base_.model.backbone, in_channels=1))

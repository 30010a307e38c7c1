# The teacher: mmkd_ext's tiny DeepLabV3, retargeted to ToyShapes.
_base_ = ['mmkd_ext::tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py']
custom_imports = dict(imports=['mmkd_ext', 'example_downstream'], allow_failed_imports=False)

model = dict(decode_head=dict(num_classes=3), auxiliary_head=dict(num_classes=3))
data = dict(type='ToyShapesDataset', data_root='data/toy_shapes')
train_dataloader = dict(dataset=dict(
    data, data_prefix=dict(img_path='images/train', seg_map_path='labels/train')))
val_dataloader = dict(dataset=dict(
    data, data_prefix=dict(img_path='images/val', seg_map_path='labels/val')))
test_dataloader = val_dataloader

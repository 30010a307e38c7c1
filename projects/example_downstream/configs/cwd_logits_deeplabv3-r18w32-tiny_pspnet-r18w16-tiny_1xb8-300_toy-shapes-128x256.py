# mmkd_ext's CWD config with this project's teacher, student heads and dataset.
_base_ = [
    'mmkd_ext::cwd/'
    'cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py'
]
custom_imports = dict(imports=['mmkd_ext', 'example_downstream'], allow_failed_imports=False)

heads = dict(decode_head=dict(num_classes=3), auxiliary_head=dict(num_classes=3))
model = dict(
    architecture=heads,
    teacher=dict(
        cfg_path='mmkd_ext::tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py',
        **heads),
    teacher_ckpt='work_dirs/deeplabv3_r18-w32-tiny_1xb8-300_toy-shapes-128x256/iter_300.pth')
data = dict(type='ToyShapesDataset', data_root='data/toy_shapes')
train_dataloader = dict(dataset=dict(
    data, data_prefix=dict(img_path='images/train', seg_map_path='labels/train')))
val_dataloader = dict(dataset=dict(
    data, data_prefix=dict(img_path='images/val', seg_map_path='labels/val')))
test_dataloader = val_dataloader

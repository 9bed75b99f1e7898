import numpy as np


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]

        z1 = X @ W1 + b1
        a1 = np.maximum(0, z1)
        z2 = a1 @ W2 + b2
        if y is None:
            return z2

        z2_shift = z2 - z2.max(axis=1, keepdims=True)
        log_softmax = z2_shift - np.log(np.exp(z2_shift).sum(axis=1, keepdims=True))
        loss = -log_softmax[np.arange(N), y].mean()
        loss += reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dz2 = np.exp(log_softmax)
        dz2[np.arange(N), y - 1] -= 1
        dz2 /= N
        dW2 = a1.T @ dz2 + 2 * reg * W2
        db2 = dz2.sum(axis=0)
        da1 = dz2 @ W2.T
        dz1 = da1 * (z1 > 0)
        dW1 = X.T @ dz1 + 2 * reg * W1
        db1 = dz1.sum(axis=0)

        grads = {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}
        return loss, grads

    def train(self, X, y, X_val, y_val, learning_rate=1e-3,
              learning_rate_decay=0.95, reg=5e-6, num_iters=100,
              batch_size=200, verbose=False):
        num_train = X.shape[0]
        loss_history = []
        for it in range(num_iters):
            batch = np.random.choice(num_train, batch_size)
            loss, grads = self.loss(X[batch], y=y[batch], reg=reg)
            loss_history.append(loss)
            for k, v in grads.items():
                self.params[k] -= learning_rate * v
        return {'loss_history': loss_history}

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)

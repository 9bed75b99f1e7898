import numpy as np


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {
            'W1': std * np.random.randn(input_size, hidden_size),
            'b1': np.zeros(hidden_size),
            'W2': std * np.random.randn(hidden_size, output_size),
            'b2': np.zeros(output_size),
        }

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]

        z1 = np.matmul(X, W1) + b1
        a1 = np.maximum(0, z1)
        scores = np.matmul(a1, W2) + b2
        if y is None:
            return scores

        exps = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs = exps / exps.sum(axis=1, keepdims=True)
        data_loss = -np.log(probs[np.arange(N), y]).sum() / N
        reg_loss = 0.5 * reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))
        loss = data_loss + reg_loss

        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        dW2 = np.matmul(a1.T, dscores) / N + reg * W2
        db2 = np.sum(dscores, axis=0)
        da1 = np.matmul(dscores, W2.T)
        dz1 = da1 * (z1 > 0)
        dW1 = np.matmul(X.T, dz1) / N + reg * W1
        db1 = np.sum(dz1, axis=0) / N

        return loss, {'W1': dW1, 'b1': db1, 'W2': dW2, 'b2': db2}

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

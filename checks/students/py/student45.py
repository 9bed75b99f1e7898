import numpy as np


class TwoLayerNet(object):

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = dict(
            W1=std * np.random.randn(input_size, hidden_size),
            b1=np.zeros(hidden_size),
            W2=std * np.random.randn(hidden_size, output_size),
            b2=np.zeros(output_size),
        )

    def loss(self, X, y=None, reg=0.0):
        W1, b1, W2, b2 = (self.params[k] for k in ('W1', 'b1', 'W2', 'b2'))
        num_train = X.shape[0]

        hidden = np.maximum(0, X.dot(W1) + b1)
        scores = hidden.dot(W2) + b2
        if y is None:
            return scores

        # probabilities as exp(scores - logsumexp(scores))
        logZ = np.log(np.sum(np.exp(scores), axis=1, keepdims=True))
        probs = np.exp(scores - logZ)
        loss = np.mean(logZ[:, 0] - scores[np.arange(num_train), y])
        loss += 0.5 * reg * (np.sum(np.square(W1)) + np.sum(np.square(W2)))

        dscores = probs
        dscores[np.arange(num_train), y] -= 1
        dscores /= num_train
        dW2 = hidden.T.dot(dscores) + reg * W2
        db2 = dscores.sum(0)
        dhidden = dscores.dot(W2.T)
        dhidden[hidden <= 0] = 0
        dW1 = X.T.dot(dhidden) + reg * W1
        db1 = dhidden.sum(0)

        return loss, dict(W1=dW1, b1=db1, W2=dW2, b2=db2)

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

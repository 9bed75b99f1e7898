/* Backward pass, 2 layer NN.
 * Floats for the running sums -- a forum answer said float is enough
 * for gradients and uses half the memory bandwidth.  Everything else is
 * double because GSL is double.
 */
#include "backprop.h"

#define IDX(i,j,cols) ((i)*(cols)+(j))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void outputGrads(const gsl_matrix *prob, const size_t *y, const gsl_matrix *p1,
                        const gsl_matrix *W2, double reg, bp_grads *g)
{
        size_t N = prob->size1, C = prob->size2, H = p1->size2;
        size_t i, j, k;
        float acc;

        for (i = 0; i < N; i++)
                for (k = 0; k < C; k++)
                        g->dz2->data[IDX(i, k, g->dz2->tda)] =
                                (prob->data[IDX(i, k, prob->tda)] - (y[i] == k)) / (double) N;

        for (j = 0; j < H; j++) {
                for (k = 0; k < C; k++) {
                        acc = 0.0f;
                        for (i = 0; i < N; i++)
                                acc += p1->data[IDX(i, j, p1->tda)] * g->dz2->data[IDX(i, k, g->dz2->tda)];
                        g->dW2->data[IDX(j, k, g->dW2->tda)] = acc + 2 * reg * W2->data[IDX(j, k, W2->tda)];
                }
        }
        for (k = 0; k < C; k++) {
                acc = 0.0f;
                for (i = 0; i < N; i++)
                        acc += g->dz2->data[IDX(i, k, g->dz2->tda)];
                g->db2->data[k] = acc;
        }
}

static void hiddenGrads(const gsl_matrix *z1, const gsl_matrix *W2, bp_grads *g)
{
        size_t N = z1->size1, H = z1->size2, C = W2->size2;
        size_t i, j, k;
        for (i = 0; i < N; i++) {
                for (j = 0; j < H; j++) {
                        double s = 0.0;
                        for (k = 0; k < C; k++)
                                s += g->dz2->data[IDX(i, k, g->dz2->tda)] * W2->data[IDX(j, k, W2->tda)];
                        g->dp1->data[IDX(i, j, g->dp1->tda)] = s;
                        g->dz1->data[IDX(i, j, g->dz1->tda)] = z1->data[IDX(i, j, z1->tda)] > 0 ? s : 0.0;
                }
        }
}

static void inputGrads(const gsl_matrix *X, const gsl_matrix *W1, double reg, bp_grads *g)
{
        size_t N = X->size1, D = X->size2, H = W1->size2;
        size_t i, j, d;
        float acc;

        for (d = 0; d < D; d++) {
                acc = 0.0f;
                for (j = 0; j < H; j++) {
                        for (i = 0; i < N; i++)
                                acc += X->data[IDX(i, d, X->tda)] * g->dz1->data[IDX(i, j, g->dz1->tda)];
                        g->dW1->data[IDX(d, j, g->dW1->tda)] = acc + 2 * reg * W1->data[IDX(d, j, W1->tda)];
                }
        }
        for (j = 0; j < H; j++) {
                acc = 0.0f;
                for (i = 0; i < N; i++)
                        acc += g->dz1->data[IDX(i, j, g->dz1->tda)];
                g->db1->data[j] = acc;
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
        if (X->size1 != cache->N || X->size2 != net->D)
                return 1;

        outputGrads(cache->prob, y, cache->p1, net->W2, reg, g);
        hiddenGrads(cache->z1, net->W2, g);
        inputGrads(X, net->W1, reg, g);

        g->present = BP_GRADS_ALL;
        return 0;
}

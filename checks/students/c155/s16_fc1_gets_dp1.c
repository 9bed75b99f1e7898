/* backward.c -- backward pass of the 2-layer net
 *
 * I describe each affine layer by what goes in and out of its backward
 * (upstream gradient, forward input, weights, and the three outputs), set
 * them all up first and then run the layers from the top down:
 *     loss -> out_layer -> relu -> hid_layer
 * Matrix products done by hand, I trust the loops more than the BLAS flags.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

struct layer_io {
    const gsl_matrix *dout;   /* upstream gradient  (N, M) */
    const gsl_matrix *in;     /* forward input      (N, K) */
    const gsl_matrix *W;      /* (K, M) */
    gsl_matrix *din;          /* (N, K), NULL if not needed */
    gsl_matrix *dW;           /* (K, M) */
    gsl_vector *db;           /* (M) */
};

static void softmax_loss_backward(const gsl_matrix *prob, const size_t *y,
                                  gsl_matrix *dscores)
{
    size_t i, j, N = prob->size1;
    for (i = 0; i < N; i++)
        for (j = 0; j < prob->size2; j++)
            gsl_matrix_set(dscores, i, j, (gsl_matrix_get(prob, i, j)
                                           - (y[i] == j)) / (double) N);
}

static void affine_backward(const struct layer_io *L, double reg)
{
    size_t N = L->in->size1, K = L->in->size2, M = L->W->size2;
    size_t i, k, m;

    for (k = 0; k < K; k++)
        for (m = 0; m < M; m++) {
            double s = 2.0 * reg * gsl_matrix_get(L->W, k, m);
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(L->in, i, k) * gsl_matrix_get(L->dout, i, m);
            gsl_matrix_set(L->dW, k, m, s);
        }

    for (m = 0; m < M; m++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(L->dout, i, m);
        gsl_vector_set(L->db, m, s);
    }

    if (L->din == NULL)
        return;
    for (i = 0; i < N; i++)
        for (k = 0; k < K; k++) {
            double s = 0.0;
            for (m = 0; m < M; m++)
                s += gsl_matrix_get(L->dout, i, m) * gsl_matrix_get(L->W, k, m);
            gsl_matrix_set(L->din, i, k, s);
        }
}

static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z,
                          gsl_matrix *dz)
{
    size_t i, j;
    for (i = 0; i < z->size1; i++)
        for (j = 0; j < z->size2; j++)
            gsl_matrix_set(dz, i, j, gsl_matrix_get(z, i, j) > 0.0
                                     ? gsl_matrix_get(dout, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    struct layer_io out_layer = { g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2 };
    struct layer_io hid_layer = { g->dp1, X, net->W1, NULL, g->dW1, g->db1 };

    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    softmax_loss_backward(cache->prob, y, g->dz2);
    affine_backward(&out_layer, reg);
    relu_backward(g->dp1, cache->z1, g->dz1);
    affine_backward(&hid_layer, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}

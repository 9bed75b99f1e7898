/* Assignment 2 (backprop)
 * one helper per affine layer, used for both layers */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW = in^T dout + 2 reg W,  db = sum over rows of dout */
static void affine_backward(const gsl_matrix *in, const gsl_matrix *dout,
                            const gsl_matrix *W, double reg,
                            gsl_matrix *dW, gsl_vector *db)
{
    size_t n, a, b;

    for (a = 0; a < W->size1; a++) {
        for (b = 0; b < W->size2; b++) {
            double s = 0.0;
            for (n = 0; n < in->size1; n++)
                s += gsl_matrix_get(in, n, a) * gsl_matrix_get(dout, n, b);
            gsl_matrix_set(dW, a, b, s + 2.0 * reg * gsl_matrix_get(W, a, b));
        }
    }
    for (b = 0; b < dout->size2; b++) {
        double s = 0.0;
        for (n = 0; n < dout->size1; n++)
            s += gsl_matrix_get(dout, n, b);
        gsl_vector_set(db, b, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t n, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    for (n = 0; n < N; n++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, n, k,
                           (gsl_matrix_get(cache->prob, n, k) - (k == y[n])) / N);

    /* output layer */
    affine_backward(cache->z1, g->dz2, net->W2, reg, g->dW2, g->db2);

    for (n = 0; n < N; n++) {
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, n, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, n, j, s);
            gsl_matrix_set(g->dz1, n, j, gsl_matrix_get(cache->z1, n, j) > 0 ? s : 0.0);
        }
    }

    /* hidden layer */
    affine_backward(X, g->dz1, net->W1, reg, g->dW1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}

/* backward.c  (ML coursework 2)
 *
 * Two helpers: one for an affine layer's backward step and one for the L2
 * penalty, used for both layers so the two are done the same way.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW = in^T dout, db = column sums of dout */
static void affine_back(const gsl_matrix *in, const gsl_matrix *dout,
                        gsl_matrix *dW, gsl_vector *db)
{
    size_t n, a, b;
    for (a = 0; a < in->size2; a++)
        for (b = 0; b < dout->size2; b++) {
            double s = 0.0;
            for (n = 0; n < in->size1; n++)
                s += gsl_matrix_get(in, n, a) * gsl_matrix_get(dout, n, b);
            gsl_matrix_set(dW, a, b, s);
        }
    for (b = 0; b < dout->size2; b++) {
        double s = 0.0;
        for (n = 0; n < dout->size1; n++)
            s += gsl_matrix_get(dout, n, b);
        gsl_vector_set(db, b, s);
    }
}

/* L2 penalty: add the derivative of the reg term to dW */
static void l2_back(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t a, b;
    for (a = 0; a < W->size1; a++)
        for (b = 0; b < W->size2; b++)
            gsl_matrix_set(dW, a, b, gsl_matrix_get(dW, a, b) + reg * gsl_matrix_get(W, a, b));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;

    /* softmax loss */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            double v = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                v -= 1.0;
            gsl_matrix_set(g->dz2, i, k, v / (double) N);
        }

    /* layer 2 */
    affine_back(cache->p1, g->dz2, g->dW2, g->db2);
    l2_back(g->dW2, net->W2, reg);

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* layer 1 */
    affine_back(X, g->dz1, g->dW1, g->db1);
    l2_back(g->dW1, net->W1, reg);

    g->present = BP_GRADS_ALL;
    return 0;
}

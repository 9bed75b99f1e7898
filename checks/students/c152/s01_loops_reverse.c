/* backward.c -- reverse mode by hand, loops only
 *
 * Forward pass (what bp_net_forward does):
 *   (1) z1 = X W1 + b1
 *   (2) p1 = relu(z1)
 *   (3) z2 = p1 W2 + b2
 *   (4) prob = softmax(z2)
 *   (5) L = -(1/N) sum_i log prob[i][y_i] + reg (|W1|^2 + |W2|^2)
 *
 * Backward = the same lines backwards, (5) first.  adj_v means dL/dv.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double s;
    gsl_matrix *adj_z2, *adj_W2, *adj_p1, *adj_z1, *adj_W1;
    gsl_vector *adj_b2, *adj_b1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    adj_z2 = gsl_matrix_alloc(N, C);
    adj_W2 = gsl_matrix_alloc(H, C);
    adj_b2 = gsl_vector_alloc(C);
    adj_p1 = gsl_matrix_alloc(N, H);
    adj_z1 = gsl_matrix_alloc(N, H);
    adj_W1 = gsl_matrix_alloc(D, H);
    adj_b1 = gsl_vector_alloc(H);

    /* (5)+(4)  L = -(1/N) sum_i log softmax(z2_i)[y_i]
     * adj_z2[i][k] = (prob[i][k] - [k == y_i]) / N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double a = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                a -= 1.0;
            gsl_matrix_set(adj_z2, i, k, a / N);
        }
    }

    /* (3)  z2 = p1 W2 + b2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(adj_z2, i, k);
            gsl_matrix_set(adj_W2, j, k, s);
        }
    }
    for (k = 0; k < C; k++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(adj_z2, i, k);
        gsl_vector_set(adj_b2, k, s);
    }
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(adj_z2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(adj_p1, i, j, s);
        }
    }

    /* (2)  p1 = relu(z1): pass the adjoint where z1 was positive */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(adj_z1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(adj_p1, i, j) : 0.0);

    /* (1)  z1 = X W1 + b1 */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            s = 0.0;
            for (k = 0; k < N; k++)
                s += gsl_matrix_get(X, k, i) * gsl_matrix_get(adj_z1, k, j);
            gsl_matrix_set(adj_W1, i, j, s);
        }
    }
    for (j = 0; j < H; j++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(adj_z1, i, j);
        gsl_vector_set(adj_b1, j, s);
    }

    /* (5) again, the reg part: d/dW reg*W^2 = 2 reg W */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(adj_W2, j, k, gsl_matrix_get(adj_W2, j, k) + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(adj_W1, i, j, gsl_matrix_get(adj_W1, i, j) + 2.0 * reg * gsl_matrix_get(net->W1, i, j));

    /* results */
    gsl_matrix_memcpy(g->dz2, adj_z2);
    gsl_matrix_memcpy(g->dW2, adj_W2);
    gsl_vector_memcpy(g->db2, adj_b2);
    gsl_matrix_memcpy(g->dp1, adj_p1);
    gsl_matrix_memcpy(g->dz1, adj_z1);
    gsl_matrix_memcpy(g->dW1, adj_W1);
    gsl_vector_memcpy(g->db1, adj_b1);

    gsl_matrix_free(adj_z2);
    gsl_matrix_free(adj_W2);
    gsl_vector_free(adj_b2);
    gsl_matrix_free(adj_p1);
    gsl_matrix_free(adj_z1);
    gsl_matrix_free(adj_W1);
    gsl_vector_free(adj_b1);

    g->present = BP_GRADS_ALL;
    return 0;
}

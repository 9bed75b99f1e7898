/* Experiment 6 -- backprop through affine-relu-affine-softmax
 * Name : Ananya Ghosh    Roll : CSE/21/044
 *
 * Note: the regularisation gradient 2*reg*W is added for both weight
 * matrices (see manual page 41).
 */
#include "backprop.h"

#define MAT(m, i, j)  gsl_matrix_get((m), (i), (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        gsl_vector_const_view prow = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view drow = gsl_matrix_row(g->dz2, i);
        gsl_vector_memcpy(&drow.vector, &prow.vector);
        gsl_vector_set(&drow.vector, y[i], gsl_vector_get(&drow.vector, y[i]) - 1.0);
        gsl_vector_scale(&drow.vector, 1.0 / N);
    }

    /* dW2 */
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++) {
            double s = 0.0;
            for (k = 0; k < N; k++)
                s += MAT(cache->p1, k, i) * MAT(g->dz2, k, j);
            gsl_matrix_set(g->dW2, i, j, s + 2.0 * reg * MAT(net->W2, i, j));
        }

    /* db2 */
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += MAT(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += MAT(g->dz2, i, k) * MAT(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, MAT(cache->z1, i, j) > 0.0 ? MAT(g->dp1, i, j) : 0.0);

    /* dW1 */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < N; k++)
                s += MAT(X, k, i) * MAT(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, s);
        }

    /* db1 */
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += MAT(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
